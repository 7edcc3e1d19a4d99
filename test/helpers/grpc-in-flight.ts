/**
 * Counts the Temporal client's calls in flight (each counted once, however many times the SDK's retry
 * interceptor retries it). A harness closes its connection only once none is: a call still retrying
 * for a request the browser gave up on would otherwise fire its next attempt on a closed channel,
 * which throws from a timer and brings the jest worker down after the tests have passed.
 */
import { InterceptingCall, ListenerBuilder, RequesterBuilder, type Interceptor } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { eventually } from './eventually';

export interface InFlightCalls {
  /** For Connection.connect: the counter outside the SDK's own retries (which it keeps). */
  interceptors: Interceptor[];
  /** Resolves once no call is in flight (at most `timeoutMs`: a call that never ends is reported). */
  settled(timeoutMs?: number): Promise<void>;
}

export function trackInFlightCalls(): InFlightCalls {
  let inFlight = 0;
  const counter: Interceptor = (options, nextCall) => {
    let ended = false;
    const listener = new ListenerBuilder()
      .withOnReceiveStatus((status, next) => {
        if (!ended) inFlight--;
        ended = true;
        next(status);
      })
      .build();
    const requester = new RequesterBuilder()
      .withStart((metadata, _listener, next) => {
        inFlight++;
        next(metadata, listener);
      })
      .build();
    return new InterceptingCall(nextCall(options), requester);
  };
  return {
    interceptors: [counter, makeGrpcRetryInterceptor(defaultGrpcRetryOptions())],
    settled: async (timeoutMs = 30_000) => void (await eventually(() => inFlight, (n) => n === 0, timeoutMs)),
  };
}
