/**
 * Internal: alerts ({@code alerts=<path>}): rules over keys of the whole subtree with a condition
 * and a hold time; a webhook or Slack message when an incident fires and when it resolves, from a
 * bounded, retrying queue per destination; each rule's state as {@code alert.<name>.state}. Loaded
 * only when {@code alerts=} is set. Not exported.
 */
package dev.hermes.agent.alert;
