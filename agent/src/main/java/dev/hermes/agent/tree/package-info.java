/**
 * Internal: the process tree. A parent's {@code ChildRegistry} admits children and files their keys
 * under {@code <name>/}; a child's {@code ParentLink} joins its parent and pushes its changes. The
 * wire format is {@code TreeCodec}'s. Not exported.
 */
package dev.hermes.agent.tree;
