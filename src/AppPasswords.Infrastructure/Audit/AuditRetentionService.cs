using AppPasswords.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Audit;

/// <summary>Runs <see cref="AuditRetentionPurge"/> on a timer driven by the injected <see cref="TimeProvider"/>.</summary>
public sealed partial class AuditRetentionService(
    IServiceScopeFactory scopes,
    IOptions<AuditRetentionOptions> options,
    TimeProvider clock,
    ILogger<AuditRetentionService> logger) : BackgroundService
{
    /// <summary>Raised after every clean-up pass with the number of deleted events (lets tests observe a pass).</summary>
    public event EventHandler<int>? PassCompleted;

    private PeriodicTimer? timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here rather than in ExecuteAsync (which .NET 10 runs on a pool thread) so the first period
        // starts when the host starts, deterministically for a test clock too.
        timer = new PeriodicTimer(options.Value.CleanupInterval, clock);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (timer is null)
        {
            return;
        }

        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutting down.
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var deleted = 0;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            deleted = await scope.ServiceProvider.GetRequiredService<AuditRetentionPurge>().RunAsync(stoppingToken);
            if (deleted > 0)
            {
                LogPurged(logger, deleted, options.Value.RetentionDays);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed pass (e.g. database busy) is retried on the next tick rather than stopping the host.
            LogFailed(logger, ex);
        }

        PassCompleted?.Invoke(this, deleted);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Audit retention deleted {Count} event(s) older than {Days} days")]
    private static partial void LogPurged(ILogger logger, int count, int days);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Audit retention pass failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
