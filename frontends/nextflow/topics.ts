// Topic channels: process outputs declared with `topic: name` feed one channel per name, which
// `Channel.topic(name)` reads. Its items are known only while every feeding step's tasks are.

import type { PortSource } from '../../ir/types.js';
import { Channel, type Value } from './values.js';

export class Topics {
  private readonly sources = new Map<string, PortSource[]>();
  /** undefined once a feeding step's items depend on the run. */
  private readonly items = new Map<string, Value[] | undefined>();

  /** Adds a step's output to a topic: its ports, and its items or undefined when the run decides them. */
  feed(topic: string, sources: PortSource[], items: Value[] | undefined): void {
    this.sources.set(topic, [...(this.sources.get(topic) ?? []), ...sources]);
    const prior = this.items.has(topic) ? this.items.get(topic) : [];
    this.items.set(topic, prior === undefined || items === undefined ? undefined : [...prior, ...items]);
  }

  channel(topic: string): Channel {
    const items = this.items.get(topic);
    return new Channel(this.sources.get(topic) ?? [], items === undefined && this.items.has(topic) ? undefined : (items ?? []), false);
  }
}
