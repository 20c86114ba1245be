using System.ComponentModel.DataAnnotations;

namespace AppPasswords.Core.Security;

/// <summary>Configuration section <c>ShownOnce</c>: how long a new secret waits for its one display and download.</summary>
public sealed class ShownOnceOptions
{
    public const string SectionName = "ShownOnce";

    /// <summary>Time between creating an app password or service key and its one display.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:30:00")]
    public TimeSpan DisplayLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after the display the Apple configuration profile can still be downloaded (once).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:30:00")]
    public TimeSpan DownloadLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan LifetimeOf(ShownOnceTicketKind kind) => kind == ShownOnceTicketKind.Download ? DownloadLifetime : DisplayLifetime;
}
