package dev.weft.common.table;

/**
 * A delta does not follow the table it was applied to: another epoch, or a version other than the held one plus
 * one. The holder should drop its table and ask for a snapshot ({@code snapshot-request}).
 */
public final class VersionGapException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String network;
  private final String heldEpoch;
  private final long heldVersion;
  private final String deltaEpoch;
  private final long deltaVersion;

  public VersionGapException(String network, String heldEpoch, long heldVersion, String deltaEpoch,
                             long deltaVersion) {
    super("table " + network + ": delta " + deltaEpoch + "#" + deltaVersion + " does not follow " + heldEpoch + "#"
        + heldVersion + " (expected: epoch " + heldEpoch + ", version " + (heldVersion + 1) + ")");
    this.network = network;
    this.heldEpoch = heldEpoch;
    this.heldVersion = heldVersion;
    this.deltaEpoch = deltaEpoch;
    this.deltaVersion = deltaVersion;
  }

  public String network() {
    return network;
  }

  public String heldEpoch() {
    return heldEpoch;
  }

  public long heldVersion() {
    return heldVersion;
  }

  public String deltaEpoch() {
    return deltaEpoch;
  }

  public long deltaVersion() {
    return deltaVersion;
  }
}
