using AppPasswords.Core.Auth;
using Microsoft.Extensions.Time.Testing;

namespace AppPasswords.Core.Tests.Auth;

public class SignInThrottleTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly SignInThrottleOptions options = new();

    private SignInThrottle Create() => new(clock, options);

    [Fact]
    public void FreeFailures_AreNotDelayed()
    {
        var throttle = Create();
        for (var i = 0; i < options.FreeFailuresPerAccount - 1; i++)
        {
            throttle.RecordFailure("ALICE", "10.0.0.1");
        }

        Assert.Null(throttle.BlockedUntil("ALICE", "10.0.0.1"));
    }

    [Fact]
    public void DelayAfter_DoublesAndCapsAtMaxDelay()
    {
        var throttle = Create();

        Assert.Equal(TimeSpan.Zero, throttle.DelayAfter(4, 5));
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.DelayAfter(5, 5));
        Assert.Equal(TimeSpan.FromSeconds(4), throttle.DelayAfter(6, 5));
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.DelayAfter(50, 5));
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.DelayAfter(int.MaxValue, 5));
    }

    [Fact]
    public void ManyFailures_BlockAtMostForTheCap()
    {
        var throttle = Create();
        for (var i = 0; i < 1000; i++)
        {
            throttle.RecordFailure("ALICE", null);
        }

        Assert.Equal(clock.GetUtcNow() + options.MaxDelay, throttle.BlockedUntil("ALICE", null));
        clock.Advance(options.MaxDelay);
        Assert.Null(throttle.BlockedUntil("ALICE", null));
    }

    [Fact]
    public void Success_ClearsTheAccountButNotTheIp()
    {
        var throttle = Create();
        for (var i = 0; i < options.FreeFailuresPerIp; i++)
        {
            throttle.RecordFailure("USER" + (i % 3), "10.0.0.9");
        }

        throttle.RecordSuccess("USER0");

        Assert.NotNull(throttle.BlockedUntil("SOMEONE-ELSE", "10.0.0.9"));
        Assert.Null(throttle.BlockedUntil("SOMEONE-ELSE", "10.0.0.10"));
    }

    [Fact]
    public void Failures_AreForgottenAfterQuietPeriod()
    {
        var throttle = Create();
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure("ALICE", null);
        }

        clock.Advance(options.ForgetAfter);
        throttle.RecordFailure("ALICE", null);

        Assert.Null(throttle.BlockedUntil("ALICE", null));
    }
}
