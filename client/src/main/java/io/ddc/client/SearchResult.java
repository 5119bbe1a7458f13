package io.ddc.client;

import io.ddc.protocol.cid.Cid;
import io.ddc.protocol.proto.dag.Link;
import io.ddc.protocol.proto.dag.Tag;
import java.util.List;

/**
 * What {@link DdcClient#search} found across the cluster (docs/spec/search.md §4): matching DAG
 * nodes, each once, in CID order, and the nodes that could not be asked.
 *
 * @param hits the matching DAG nodes
 * @param unreachable HTTP URLs of nodes that did not answer; empty when every node answered
 */
public record SearchResult(List<Hit> hits, List<String> unreachable) {
  /** Copies the lists. */
  public SearchResult {
    hits = List.copyOf(hits);
    unreachable = List.copyOf(unreachable);
  }

  /**
   * One matching DAG node.
   *
   * @param cid the DAG node's CID
   * @param tags all its tags, as stored
   * @param links its links (the pieces and nodes it points to)
   */
  public record Hit(Cid cid, List<Tag> tags, List<Link> links) {
    /** Copies the lists. */
    public Hit {
      tags = List.copyOf(tags);
      links = List.copyOf(links);
    }
  }
}
