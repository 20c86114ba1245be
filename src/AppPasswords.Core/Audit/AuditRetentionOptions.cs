using System.ComponentModel.DataAnnotations;

namespace AppPasswords.Core.Audit;

/// <summary>How long audit events are kept (section <c>Audit</c>).</summary>
public sealed class AuditRetentionOptions
{
    public const string SectionName = "Audit";

    /// <summary>Events older than this many days are deleted by the background clean-up. 0 keeps them for ever.</summary>
    [Range(0, 36500)]
    public int RetentionDays { get; set; } = 400;

    /// <summary>How often the clean-up runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so the clean-up never holds the write lock for long.</summary>
    [Range(1, 100_000)]
    public int CleanupBatchSize { get; set; } = 5000;
}
