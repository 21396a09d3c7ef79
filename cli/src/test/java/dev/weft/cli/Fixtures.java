package dev.weft.cli;

/** Canned coordinator answers in the shapes the API documents (README, issues 5 and 6). */
final class Fixtures {
  static final String CONTAINER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String BLUE = """
      {"name":"blue","subnet":"100.64.0.0/24","vni":256,"mtu":0,"encrypted":false,
       "labels":{"team":"a","env":"x"},"blockPrefix":26,"createdAt":"2026-11-27T21:00:00Z"}""";
  static final String RED = """
      {"name":"red","subnet":"100.65.0.0/24","vni":4095,"mtu":1400,"encrypted":true,
       "labels":{},"blockPrefix":28,"createdAt":"2026-11-27T21:01:00Z"}""";
  static final String NETWORKS = "[" + BLUE + "," + RED + "]";
  static final String ENDPOINTS = """
      [{"network":"blue","host":"h1","ip":"100.64.0.2","mac":"02:57:64:40:00:02","container":"%s","service":null},
       {"network":"blue","host":"h2","ip":"100.64.0.66","mac":"02:57:64:40:00:42","container":"abc","service":"web"}]
      """.formatted(CONTAINER);
  static final String H1 = """
      {"id":"h1","status":"up","hostname":"node-1","underlayAddress":"10.77.0.1",
       "interfaces":[{"name":"eth0","mac":"aa:bb:cc:dd:ee:01","mtu":1500,"addresses":["10.77.0.1/24"]}],
       "dockerVersion":"20.10.24","swarmNodeId":"n1","swarmRole":"manager","agentVersion":"0.1.0",
       "lastSeen":"2026-11-27T21:02:00Z","errors":[],
       "wireguard":{"kind":"wireguard-go","publicKey":"Guy0hd=","port":51820,"tunnelAddress":"198.18.0.1"},
       "certificateExpires":"2027-02-25T21:00:00Z"}""";
  static final String H2 = """
      {"id":"h2","status":"down","hostname":"node-2","underlayAddress":"10.77.0.2","interfaces":[],
       "dockerVersion":"20.10.24","swarmNodeId":null,"swarmRole":null,"agentVersion":"0.1.0",
       "lastSeen":"2026-11-27T20:50:00Z","errors":["block pool of blue exhausted","unknown network green"],
       "somethingNew":true}""";
  /** Joined, never registered (issue 12). */
  static final String H3 = """
      {"id":"h3","status":"joined","hostname":null,"underlayAddress":null,"interfaces":[],"dockerVersion":null,
       "swarmNodeId":null,"swarmRole":null,"agentVersion":null,"lastSeen":null,"errors":[],"wireguard":null,
       "certificateExpires":"2027-03-01T08:00:00Z"}""";
  static final String HOSTS = "[" + H1 + "," + H2 + "," + H3 + "]";
  static final String SERVICES = """
      [{"network":"blue","service":"web","tasks":[
         {"task":"t1","node":"n1","container":"c1","address":"100.64.0.3","state":"attached"},
         {"task":"t2","node":"n2","state":"pending","reason":"agent down"}]},
       {"network":"blue","service":"db","tasks":[]}]""";
  static final String TOKEN = "{\"token\":\"SWMTKN-1-abc\"}";
  static final String CA = "{\"current\":{\"subject\":\"CN=Weft cluster CA 1,O=Weft\",\"fingerprint\":\"aa\","
      + "\"notAfter\":\"2036-01-01T00:00:00Z\",\"hosts\":1},\"next\":{\"subject\":\"CN=Weft cluster CA 2,O=Weft\","
      + "\"fingerprint\":\"bb\",\"notAfter\":\"2036-06-01T00:00:00Z\",\"hosts\":2},\"otherHosts\":0}";

  private Fixtures() {
  }

  /** Every route the CLI calls, answered as the coordinator would on success. */
  static FakeCoordinator answerAll(FakeCoordinator fake) {
    return fake
        .answer("POST", "/v1/networks", 201, BLUE)
        .answer("GET", "/v1/networks", 200, NETWORKS)
        .answer("GET", "/v1/networks/blue", 200, BLUE)
        .answer("GET", "/v1/networks/blue/endpoints", 200, ENDPOINTS)
        .answer("DELETE", "/v1/networks/blue", 204, null)
        .answer("DELETE", "/v1/networks/blue?force=true", 204, null)
        .answer("GET", "/v1/hosts", 200, HOSTS)
        .answer("GET", "/v1/hosts/h1", 200, H1)
        .answer("GET", "/v1/hosts/h2", 200, H2)
        .answer("GET", "/v1/hosts/a%2Fb%20c", 200, H1)
        .answer("DELETE", "/v1/hosts/h1", 204, null)
        .answer("PUT", "/v1/networks/blue/services/web", 201, "{\"network\":\"blue\",\"service\":\"web\"}")
        .answer("DELETE", "/v1/networks/blue/services/web", 204, null)
        .answer("GET", "/v1/networks/blue/services", 200, SERVICES)
        .answer("GET", "/v1/join-token", 200, TOKEN)
        .answer("POST", "/v1/join-token/rotate", 200, TOKEN)
        .answer("GET", "/v1/ca", 200, CA)
        .answer("POST", "/v1/ca/rotate", 200, CA)
        .answer("POST", "/v1/ca/retire", 200, CA)
        .answer("POST", "/v1/ca/retire?force=true", 200, CA);
  }
}
