/**
 * Internal: pulled children ({@code children=}, {@code childrenFile=}): the {@code Puller} asks
 * each child's URL for its keys in the seed's JSON shape every {@code pullInterval} on its own
 * daemons, within a timeout and a size budget, and files them in the {@code ChildRegistry} like a
 * pushed child's. Loaded only when one of those settings is set. Not exported.
 */
package dev.hermes.agent.pull;
