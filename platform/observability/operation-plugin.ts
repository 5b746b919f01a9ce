import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ServiceMetrics } from './metrics.ts';
import { currentRequest } from '../http/request-context.ts';
import { errorCodeOf } from '../errors/errors.ts';

/**
 * Counts and times every GraphQL operation by name, counts errors by `extensions.code`, and hands
 * the operation name and error codes to the request's log line. Only names and codes: never the
 * query text or its variables.
 */
export function operationPlugin<Context extends BaseContext>(metrics: ServiceMetrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, response }) {
          const body = response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          const codes = errors.map((error) => errorCodeOf(error.extensions));
          const name = metrics.operationLabel(operationName);
          const type = operation?.operation ?? 'unknown';
          metrics.countOperation(name, type, Number(process.hrtime.bigint() - started) / 1e9, codes);
          const record = currentRequest();
          if (record) {
            record.operation = name;
            record.operationType = type;
            record.errorCodes.push(...codes);
          }
        },
      };
    },
  };
}
