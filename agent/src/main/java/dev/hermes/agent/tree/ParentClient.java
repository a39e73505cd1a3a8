package dev.hermes.agent.tree;

import dev.hermes.agent.client.RefusedException;
import java.io.IOException;

/**
 * The transport of a child's link to one parent: the join, then update batches. {@link ParentLink}
 * drives it; {@link HttpParentClient} is the one over HTTP. Both calls throw {@link
 * RefusedException} when the parent refuses (retrying cannot help) and another {@link IOException}
 * when the request failed.
 *
 * <p>{@code JoinAnswer answer = parent.join(request); parent.update(answer.session(), body, 2000);}
 */
interface ParentClient {
  /** Asks the parent to take this JVM; its answer names it and gives the session. */
  JoinAnswer join(JoinRequest request) throws IOException;

  /** Sends one batch ({@link TreeCodec#update}'s JSON) under {@code session}. */
  void update(String session, byte[] body, int timeoutMillis) throws IOException;
}
