using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Protocol;

namespace FoscamPS.Fleet
{
    /// <summary>
    /// Retry policy per request, decided by the request's own <see cref="CgiSafety"/> (security.md "Retry safety is per
    /// CGI"), within a time budget that keeps -TimeoutSec a promise:
    /// <list type="bullet">
    /// <item>Only fast failures are retried: the connection was refused or reset (<see cref="CamUnreachableException"/>),
    /// or, for reads, an immediate HTTP 5xx.
    /// A timeout is never retried — the camera already had its whole timeout.</item>
    /// <item>Read-only CGIs: retried up to RetryCount times with jittered exponential backoff.</item>
    /// <item>Writes and side effects: never blindly; only when the connection was never established
    /// (<see cref="CamUnreachableException.RequestNotSent"/>), so the camera cannot have seen the request.</item>
    /// <item>Every attempt, backoff included, fits in one budget of timeout + 1 s from the first attempt: a later
    /// attempt gets only the time left, and none is started with less than <see cref="MinimumAttempt"/> left.</item>
    /// </list>
    /// </summary>
    public static class RequestRetry
    {
        /// <summary>Slack over the timeout that retries may use in total.</summary>
        public static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

        /// <summary>Base delay of the backoff (× 2^attempt × a random factor 0.5–1.5).</summary>
        public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(100);

        /// <summary>No attempt starts with less time than this left in the budget.</summary>
        public static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(250);

        private static readonly Random Jitter = new Random();

        /// <summary>True when <paramref name="error"/> may be retried for a request of <paramref name="safety"/>.</summary>
        public static bool IsRetryable(Exception error, CgiSafety safety)
        {
            if (error is CamUnreachableException unreachable) return safety == CgiSafety.ReadOnly || unreachable.RequestNotSent;
            // An HTTP 5xx answered at once: the camera's server is busy; a read may ask again.
            return safety == CgiSafety.ReadOnly && error is CamProtocolException p && p.HttpStatus >= 500;
        }

        /// <summary>
        /// Runs <paramref name="attempt"/> (given the timeout for that attempt) and retries it per the policy above.
        /// <paramref name="onRetry"/> gets a line for the Verbose stream before each retry.
        /// </summary>
        public static async Task<T> RunAsync<T>(Func<TimeSpan, Task<T>> attempt, CgiSafety safety, TimeSpan timeout, int retryCount,
            Action<string>? onRetry, CancellationToken cancellationToken)
        {
            if (attempt is null) throw new ArgumentNullException(nameof(attempt));
            var budget = timeout + Slack;
            var clock = Stopwatch.StartNew();
            for (int n = 0; ; n++)
            {
                var left = budget - clock.Elapsed;
                var thisTimeout = n == 0 ? timeout : (left < timeout ? left : timeout);
                try
                {
                    return await attempt(thisTimeout).ConfigureAwait(false);
                }
                catch (Exception ex) when (n < retryCount && !cancellationToken.IsCancellationRequested && IsRetryable(ex, safety))
                {
                    double factor;
                    lock (Jitter) factor = 0.5 + Jitter.NextDouble();
                    var delay = TimeSpan.FromMilliseconds(BaseDelay.TotalMilliseconds * Math.Pow(2, n) * factor);
                    if (budget - clock.Elapsed - delay < MinimumAttempt)
                        throw; // no time left for a useful attempt: the failure stands
                    onRetry?.Invoke($"{ex.Message} Retrying ({n + 1}/{retryCount}) in {(int)delay.TotalMilliseconds} ms.");
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
