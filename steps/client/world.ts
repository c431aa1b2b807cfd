// ClientWorld: one client assurance scenario. The system under test acts through its driver
// (src/client-assurance/driver.ts) against the mock NRLS, and the scenario judges what the mock received
// from the system's ASID (its inspector, over HTTP) and what the system reported. Checks are attached as
// data (src/report/check.ts); a step with a failed check fails.
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import type { ActionResult, Driver, PlaceholderValues } from '../../src/client-assurance/driver.ts';
import type { ClientRole, RecordedExchange } from '../../src/client-assurance/recorded-exchange.ts';
import type { Trigger, TriggerTable } from '../../src/client-assurance/triggers.ts';
import { CHECK_MEDIA_TYPE, type CheckAttachment, type CheckRecord, type CheckStage } from '../../src/report/check.ts';
import { EXCHANGE_MEDIA_TYPE, type Exchange } from '../../src/report/exchange.ts';
import type { ClientAction } from './support/client-checks.ts';

export interface ClientWorldParameters {
  /** The mock's service base, e.g. http://127.0.0.1:4321. */
  baseUrl: string;
  role: ClientRole;
  driver: Driver;
  triggers: TriggerTable;
  spineAsid: string;
}

/** A fixture provider the harness acts as (seeding, checking a pointer exists), never the system's own ASID. */
export function harnessProvider(systemAsid: string): { asid: string; ods: string } {
  return systemAsid === '200000000118' ? { asid: '200000000119', ods: 'RR8' } : { asid: '200000000118', ods: 'MHT01' };
}

export class ClientWorld extends World<ClientWorldParameters> {
  readonly baseUrl: string;
  readonly driver: Driver;
  stage: CheckStage = 'setup';
  values: PlaceholderValues;
  /** The trigger whose outcome the scenario expects (the first armed). */
  trigger?: Trigger;
  /** Every trigger armed: one per form the system may choose (a delete by id or by master identifier). */
  armed: Trigger[] = [];
  action?: ClientAction;
  result?: ActionResult;
  /** What the mock received from the system since its action began. */
  received: RecordedExchange[] = [];
  /** The seq the action's requests come after. */
  startSeq = 0;

  constructor(options: IWorldOptions<ClientWorldParameters>) {
    super(options);
    this.baseUrl = options.parameters.baseUrl;
    this.driver = options.parameters.driver;
    this.values = { baseUrl: this.baseUrl };
  }

  /** The trigger of the table with this id; the step fails naming it when the table lacks it. */
  triggerNamed(id: string): Trigger {
    const trigger = this.parameters.triggers.triggers.find((candidate) => candidate.id === id);
    if (!trigger) {
      const known = this.parameters.triggers.triggers.map((candidate) => candidate.id).join(', ') || '(none)';
      throw new Error(`the trigger table has no trigger "${id}" (it has: ${known})`);
    }
    return trigger;
  }

  /** Attaches the checks as data; fails the step when one failed, naming what. */
  record(checks: CheckRecord[]): void {
    if (checks.length === 0) return;
    this.attach(JSON.stringify({ checks } satisfies CheckAttachment), CHECK_MEDIA_TYPE);
    const failed = checks.filter((check) => check.outcome === 'failed');
    if (failed.length > 0)
      throw new Error(
        failed
          .map(
            (check) => `${check.about.join(', ')}: ${check.name}: expected ${check.expected}; actual ${check.actual}`,
          )
          .join('\n'),
      );
  }

  /** The system's requests as evidence in the report (the harness's own are attached where sent). */
  attachReceived(exchanges: RecordedExchange[], purpose: string): void {
    for (const received of exchanges) {
      const evidence: Exchange = {
        purpose,
        startedAt: received.receivedAt,
        durationMs: received.durationMs,
        request: {
          method: received.request.method,
          url: `${this.baseUrl}${received.request.url}`,
          headers: Object.fromEntries(received.request.headers),
          ...(received.request.body !== undefined ? { body: received.request.body } : {}),
        },
        ...(received.response.dropped
          ? { error: { kind: 'connection' as const, message: 'the mock dropped the connection (a trigger)' } }
          : {
              response: {
                status: received.response.status,
                headers: received.response.headers,
                body: received.response.body ?? '',
                ...(received.response.bodyTruncated ? { truncated: true } : {}),
              },
            }),
      };
      this.attach(JSON.stringify(evidence), EXCHANGE_MEDIA_TYPE);
    }
  }
}

setWorldConstructor(ClientWorld);
