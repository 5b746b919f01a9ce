import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput } from '../../../platform/errors/errors.ts';
import type { Logger } from '../../../platform/observability/logger.ts';
import type { SharedBus } from '../../../platform/redis/bus.ts';
import { buildCallerAbility, loadPolicy, networkOf, type LoadedPolicy } from '../authz/index.ts';
import type { CallerAbility } from '../authz/types.ts';

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
    private readonly bus: SharedBus,
    private policy: LoadedPolicy,
    private readonly logger: Logger,
  ) {}

  /** Loads the policy at `path` and follows reloads on `bus`; reloads are reported to the service's `logger`. */
  static async start(path: string, bus: SharedBus, logger: Logger): Promise<PolicyHolder> {
    const holder = new PolicyHolder(path, bus, loadPolicy(path), logger);
    await bus.subscribe(RELOAD_CHANNEL, () => {
      try {
        holder.reload();
      } catch (error) {
        holder.logger.error(`Policy reload refused, keeping version ${holder.policy.version}: ${(error as Error).message}`);
      }
    });
    return holder;
  }

  abilityFor(principal: Principal): CallerAbility {
    return buildCallerAbility(this.policy, principal);
  }

  /** The organisations sharing a care network with the caller's (its own included); null without `org`. */
  careNetworkOf(principal: Principal): readonly string[] | null {
    return networkOf(this.policy.document, principal.org);
  }

  info() {
    return { version: this.policy.version, loadedAt: this.loadedAt };
  }

  /** Re-reads the policy files; throws (keeping the policy in force) when they are invalid. */
  reload() {
    const next = loadPolicy(this.path);
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
