package dev.weft.agent.dataplane;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered kernel changes that turn the actual state into the desired one. Consecutive operations with the same
 * namespace and tool form one batch (one process).
 */
public record Plan(List<Op> ops) {
  public Plan {
    ops = List.copyOf(ops);
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /**
   * A batch: consecutive operations on one namespace with one tool.
   *
   * @param guarded run only when the batch before it succeeded
   */
  public record Batch(Where where, Op.Tool tool, List<String> lines, boolean guarded) {
    public Batch {
      lines = List.copyOf(lines);
    }
  }

  /**
   * Groups consecutive operations that share a namespace and a tool, keeping their order. A guarded operation always
   * starts a batch of its own kind, so that its guard refers to the batch before it.
   */
  public List<Batch> batches() {
    List<Batch> batches = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    Op first = null;
    for (Op op : ops) {
      if (first != null && (!first.where().equals(op.where()) || first.tool() != op.tool()
          || first.guarded() != op.guarded())) {
        batches.add(new Batch(first.where(), first.tool(), lines, first.guarded()));
        lines.clear();
        first = null;
      }
      if (first == null) {
        first = op;
      }
      lines.add(op.line());
    }
    if (first != null) {
      batches.add(new Batch(first.where(), first.tool(), lines, first.guarded()));
    }
    return batches;
  }

  /** The lines of every operation, for assertions and logs. */
  public List<String> lines() {
    return ops.stream().map(Op::toString).toList();
  }

  @Override
  public String toString() {
    return String.join("\n", lines());
  }
}
