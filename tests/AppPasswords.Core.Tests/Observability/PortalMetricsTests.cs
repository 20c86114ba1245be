using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Observability;

namespace AppPasswords.Core.Tests.Observability;

public class PortalMetricsTests
{
    [Fact]
    public void Record_WithListenerAttached_AllocatesNothing()
    {
        long measurements = 0;
        using var listener = ListenCounting(() => Interlocked.Increment(ref measurements));
        RecordEach();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            RecordEach();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(Interlocked.Read(ref measurements) >= 1_001 * 10);
    }

    [Fact]
    public void Record_WithoutListener_AllocatesNothing()
    {
        RecordEach();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            RecordEach();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void RecordVerification_EachFailure_TaggedInSnakeCase()
    {
        var outcomes = new ConcurrentBag<string>();
        using var listener = Listen((instrument, tags) =>
        {
            if (instrument == "apppasswords.verifications")
            {
                outcomes.Add((string)tags.Single(t => t.Key == "outcome").Value!);
            }
        });

        PortalMetrics.RecordVerification(null, TimeSpan.Zero);
        foreach (var failure in Enum.GetValues<VerifyAppPasswordFailure>())
        {
            PortalMetrics.RecordVerification(failure, TimeSpan.Zero);
        }

        foreach (var refusal in Enum.GetValues<PortalMetrics.VerifyRefusal>())
        {
            PortalMetrics.RecordVerifyRefused(refusal);
        }

        // Other tests may record at the same time; these must be among what was seen.
        Assert.Subset(
            outcomes.ToHashSet(),
            new HashSet<string>
            {
                "ok", "wrong_password", "user_mismatch", "revoked", "expired", "protocol_not_allowed", "disabled", "blocked",
                "invalid_service_key", "invalid_request", "rate_limited", "rate_limit_unavailable",
            });
    }

    [Fact]
    public void RecordLocalSignIn_Throttled_CountsSignInAndRateLimitRejection()
    {
        var seen = new ConcurrentBag<string>();
        using var listener = Listen((instrument, tags) =>
            seen.Add(instrument + ":" + string.Join(",", tags.Select(t => $"{t.Key}={t.Value}"))));

        PortalMetrics.RecordLocalSignIn(LocalSignInOutcome.Throttled);

        Assert.Contains("apppasswords.sign_ins:method=local,result=throttled", seen);
        Assert.Contains("apppasswords.rate_limit.rejections:limiter=sign-in", seen);
    }

    private static void RecordEach()
    {
        PortalMetrics.RecordVerification(null, TimeSpan.FromMilliseconds(2));
        PortalMetrics.RecordVerification(VerifyAppPasswordFailure.WrongPassword, TimeSpan.FromMilliseconds(2));
        PortalMetrics.RecordVerifyRefused(PortalMetrics.VerifyRefusal.RateLimited);
        PortalMetrics.RecordLocalSignIn(LocalSignInOutcome.InvalidCredentials);
        PortalMetrics.RecordEntraSignIn(succeeded: true);
        PortalMetrics.RecordMfaFailure("totp");
        PortalMetrics.RecordRateLimitRejection("mfa.user");
        PortalMetrics.RecordMailFailure(PortalMetrics.Channels.Email);
    }

    /// <summary>Copies the tags of every measurement of the portal's meter (allocates, for bookkeeping only).</summary>
    private static MeterListener Listen(Action<string, KeyValuePair<string, object?>[]> onMeasurement) =>
        Start(
            (instrument, _, tags, _) => onMeasurement(instrument.Name, tags.ToArray()),
            (instrument, _, tags, _) => onMeasurement(instrument.Name, tags.ToArray()));

    /// <summary>Counts measurements without touching their tags, so the listener itself allocates nothing.</summary>
    private static MeterListener ListenCounting(Action onMeasurement) =>
        Start((_, _, _, _) => onMeasurement(), (_, _, _, _) => onMeasurement());

    private static MeterListener Start(MeasurementCallback<long> longs, MeasurementCallback<double> doubles)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PortalMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback(longs);
        listener.SetMeasurementEventCallback(doubles);
        listener.Start();
        return listener;
    }
}
