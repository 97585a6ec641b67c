// Collects the logical flows of one datapath, with the priority-0 flow northd gives every stage
// ("1", next;) unless the stage has another default or none (a table miss drops).
import type { AclSource, LAct, Lflow, Match } from './lflow';
import { always } from './match';
import { rowUuid } from './names';
import { type DatapathKind, type Pipeline, type Stage, stageNumber, stagesOf } from './stages';

export const NEXT: readonly LAct[] = [{ k: 'next' }];
export const OUTPUT: readonly LAct[] = [{ k: 'output' }];
export const DROP: readonly LAct[] = [{ k: 'drop' }];

export class FlowList {
  readonly flows: Lflow[] = [];
  private readonly withDefault = new Set<string>();

  constructor(
    readonly dp: number,
    readonly kind: DatapathKind,
    readonly dpName: string,
  ) {}

  add(
    pipeline: Pipeline,
    stage: Stage,
    priority: number,
    match: Match,
    actions: string,
    run: readonly LAct[],
    extra: { acl?: Lflow['acl']; why?: string } = {},
  ): void {
    const table = stageNumber(this.kind, pipeline, stage);
    if (priority === 0) this.withDefault.add(`${pipeline}|${table}`);
    this.flows.push({
      uuid: rowUuid(`lflow|${this.dpName}|${pipeline}|${table}|${priority}|${match.t}`),
      dp: this.dp,
      kind: this.kind,
      pipeline,
      stage,
      table,
      priority,
      match,
      actions,
      run,
      ...(extra.acl ? { acl: extra.acl } : {}),
      ...(extra.why ? { why: extra.why } : {}),
    });
  }

  /** The ACL source of a flow: the security group and rule, for the trace. */
  static acl(source: AclSource, direction: 'from-lport' | 'to-lport', action: string): Lflow['acl'] {
    return { ...source, direction, action };
  }

  /**
   * Adds "1, next;" at priority 0 to every stage that has no priority-0 flow yet, except those in
   * `none`, whose miss drops the packet.
   */
  finish(none: readonly Stage[] = []): Lflow[] {
    for (const pipeline of ['ingress', 'egress'] as const)
      stagesOf(this.kind, pipeline).forEach((stage, n) => {
        if (this.withDefault.has(`${pipeline}|${n}`) || none.includes(stage)) return;
        this.add(pipeline, stage, 0, always(), 'next;', NEXT);
      });
    return this.flows;
  }
}
