using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Hardening;

/// <summary>Retry safety per CGI and the -TimeoutSec budget (issue 10).</summary>
public class RetryPolicyTests
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(3);

    private static async Task<(int Attempts, List<TimeSpan> Timeouts, Exception? Error)> Run(Func<int, Exception?> failure, CgiSafety safety, int retryCount)
    {
        int attempts = 0;
        var timeouts = new List<TimeSpan>();
        try
        {
            await RequestRetry.RunAsync(t =>
            {
                timeouts.Add(t);
                var e = failure(attempts++);
                return e is null ? Task.FromResult(1) : Task.FromException<int>(e);
            }, safety, T, retryCount, null, CancellationToken.None);
            return (attempts, timeouts, null);
        }
        catch (Exception e)
        {
            return (attempts, timeouts, e);
        }
    }

    private static CamUnreachableException Refused() => new("refused") { RequestNotSent = true };
    private static CamUnreachableException Reset() => new("reset");

    [Fact]
    public async Task ReadsRetryFastFailuresUpToRetryCount()
    {
        var (attempts, timeouts, error) = await Run(_ => Reset(), CgiSafety.ReadOnly, 3);
        Assert.Equal(4, attempts);
        Assert.IsType<CamUnreachableException>(error);
        Assert.Equal(T, timeouts[0]);
        Assert.All(timeouts, t => Assert.True(t <= T));
        // later attempts only get what is left of the budget (timeout + 1 s)
        Assert.All(timeouts.GetRange(1, timeouts.Count - 1), t => Assert.True(t <= T + RequestRetry.Slack - RequestRetry.BaseDelay / 2));
    }

    [Fact]
    public async Task ReadsSucceedAfterATransientFailure()
    {
        var (attempts, _, error) = await Run(n => n < 2 ? Reset() : null, CgiSafety.ReadOnly, 2);
        Assert.Null(error);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task TimeoutsAreNeverRetried()
    {
        var (attempts, _, error) = await Run(_ => new CamTimeoutException("silent", T), CgiSafety.ReadOnly, 5);
        Assert.Equal(1, attempts);
        Assert.IsType<CamTimeoutException>(error);
    }

    [Theory]
    [InlineData(CgiSafety.Write)]
    [InlineData(CgiSafety.SideEffect)]
    public async Task ChangesAreRetriedOnlyWhenTheConnectionWasNeverMade(CgiSafety safety)
    {
        Assert.Equal(1, (await Run(_ => Reset(), safety, 5)).Attempts);
        Assert.Equal(1, (await Run(_ => new CamProtocolException("500") { HttpStatus = 500 }, safety, 5)).Attempts);
        Assert.Equal(1, (await Run(_ => new CamIllegalParamsException("x", "error: illegal params."), safety, 5)).Attempts);
        Assert.Equal(3, (await Run(n => n < 2 ? Refused() : null, safety, 5)).Attempts);
    }

    [Fact]
    public async Task ProtocolViolationsAndAnswersAreNotRetried()
    {
        Assert.Equal(1, (await Run(_ => new CamProtocolException("cut short"), CgiSafety.ReadOnly, 5)).Attempts);
        Assert.Equal(1, (await Run(_ => new CamAuthenticationException("no", CamAuthScheme.Basic, null), CgiSafety.ReadOnly, 5)).Attempts);
        Assert.Equal(3, (await Run(_ => new CamProtocolException("500") { HttpStatus = 503 }, CgiSafety.ReadOnly, 2)).Attempts);
    }

    [Fact]
    public void RetryableByKind()
    {
        Assert.True(RequestRetry.IsRetryable(Reset(), CgiSafety.ReadOnly));
        Assert.False(RequestRetry.IsRetryable(Reset(), CgiSafety.Write));
        Assert.True(RequestRetry.IsRetryable(Refused(), CgiSafety.SideEffect));
        Assert.False(RequestRetry.IsRetryable(new CamTimeoutException("t", T), CgiSafety.ReadOnly));
    }
}
