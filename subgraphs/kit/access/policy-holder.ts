import { AuthenticationError } from '../../../platform/auth/authenticate.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import type { Logger } from '../../../platform/observability/logger.ts';
import type { SharedBus } from '../../../platform/redis/bus.ts';
import { activePurpose, buildCallerAbility, loadPolicy, networkOf, policyFromDocument, type IdentifyingField, type LoadedPolicy } from '../authz/index.ts';
import { explainAccess, type AccessQuestion, type HypotheticalCaller } from '../authz/explain.ts';
import { writablePolicyFile, writePolicyFile } from './policy-file.ts';
import type { CallerAbility, EmergencyGrant } from '../authz/types.ts';

const RELOAD_CHANNEL = 'policy-reload';

/**
 * The policy in force in one service. Reloading (SIGHUP, or an admin mutation in any service,
 * spread over the shared bus) re-reads the files; an invalid policy is refused and the one in
 * force stays.
 */
export class PolicyHolder {
  private loadedAt = new Date();

  private constructor(
    private readonly path: string,
    private readonly identifying: readonly IdentifyingField[],
    private readonly bus: SharedBus,
    private policy: LoadedPolicy,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads the policy at `path` and follows reloads on `bus`; reloads are reported to the service's
   * `logger`. A policy whose research purpose grants one of the `identifying` fields is refused.
   */
  static async start(path: string, bus: SharedBus, logger: Logger, identifying: readonly IdentifyingField[] = []): Promise<PolicyHolder> {
    const holder = new PolicyHolder(path, identifying, bus, loadPolicy(path, identifying), logger);
    await bus.subscribe(RELOAD_CHANNEL, () => {
      try {
        holder.reload();
      } catch (error) {
        holder.logger.error(`Policy reload refused, keeping version ${holder.policy.version}: ${(error as Error).message}`);
      }
    });
    return holder;
  }

  /** Refuses (401, like the other token refusals) a token that cannot act under exactly one purpose of the policy in force. */
  admit(principal: Principal): Principal {
    const active = activePurpose(this.policy.document, principal);
    if ('refused' in active) throw new AuthenticationError(active.refused);
    return principal;
  }

  /** `grants`: the caller's emergency accesses in force (break the glass), if any. */
  abilityFor(principal: Principal, grants: readonly EmergencyGrant[] = []): CallerAbility {
    return buildCallerAbility(this.policy, principal, grants);
  }

  /** The organisations sharing a care network with the caller's (its own included); null without `org`. */
  careNetworkOf(principal: Principal): readonly string[] | null {
    return networkOf(this.policy.document, principal.org);
  }

  info() {
    return { version: this.policy.version, loadedAt: this.loadedAt, document: this.policy.document };
  }

  /** Which rule of the policy in force decides `question` for `caller` (the admins' "what can this caller see?"). */
  explain(caller: HypotheticalCaller, question: AccessQuestion) {
    return explainAccess(this.policy, caller, question);
  }

  /**
   * Puts `document` in force here and everywhere: checked as start-up checks the files (BAD_USER_INPUT
   * naming the JSON path), written over the policy file atomically, then reloaded like `reloadEverywhere`.
   * `expectedVersion` is the content hash the admin edited: another version in force is a CONFLICT, so
   * that no one overwrites a change they have not seen. The document already in force is a no-op (a
   * service sharing the file with one that just wrote it).
   */
  async replace(document: unknown, expectedVersion: string) {
    const file = writablePolicyFile(this.path);
    let next: LoadedPolicy;
    try {
      next = policyFromDocument(document, 'the new policy', this.identifying);
    } catch (error) {
      throw badInput(`The new policy is invalid; the policy in force stays: ${(error as Error).message}`);
    }
    if (next.version === this.policy.version) return this.info();
    if (expectedVersion !== this.policy.version) {
      throw platformError('CONFLICT', `The policy in force is version ${this.policy.version}, not ${expectedVersion}: load it again and redo the edit`, {
        version: this.policy.version,
      });
    }
    writePolicyFile(file, next.document);
    return this.reloadEverywhere();
  }

  /** Re-reads the policy files; throws (keeping the policy in force) when they are invalid. */
  reload() {
    const next = loadPolicy(this.path, this.identifying);
    if (next.version !== this.policy.version) {
      this.policy = next;
      this.loadedAt = new Date();
      this.logger.info(`Policy ${next.version} in force`);
    }
    return this.info();
  }

  /** Reloads here (BAD_USER_INPUT when the files are invalid) and asks every other service to. */
  async reloadEverywhere() {
    let info;
    try {
      info = this.reload();
    } catch (error) {
      throw badInput(`The policy files are invalid; the policy in force stays: ${(error as Error).message}`);
    }
    await this.bus.publish(RELOAD_CHANNEL, info.version);
    return info;
  }
}
