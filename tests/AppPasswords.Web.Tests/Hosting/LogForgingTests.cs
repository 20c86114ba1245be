using System.Globalization;
using System.Net;
using AppPasswords.Core.Audit;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace AppPasswords.Web.Tests.Hosting;

/// <summary>CR, LF and other control characters in user-supplied values cannot forge a log line or an audit row.</summary>
public partial class LogForgingTests
{
    private const string Password = "Blue-Kettle-Orbit-42";
    private const string Forged = "Laptop\r\n[09:00:00 INF] Sign-in succeeded for user admin\u2028\u0085\u001b[31m";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Log_DeviceAndDisplayNameWithCrLf_OneLineInTextAndJsonAndNoControlCharacterInAnyEvent()
    {
        await using var host = new PortalHost();
        host.Start();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LogForgingTests");

        var details = new { Reason = "a\rb", Tags = new[] { "x\ny" } };
        LogDevice(logger, Forged, "Mallory\nAdmin", details);

        var logged = Assert.Single(host.Logs.Events, e => e.MessageTemplate.Text.StartsWith("Device ", StringComparison.Ordinal));
        Assert.Equal("Laptop\\r\\n[09:00:00 INF] Sign-in succeeded for user admin\\u2028\\u0085\\u001B[31m", ((ScalarValue)logged.Properties["DeviceName"]).Value);
        Assert.Equal("Mallory\\nAdmin", ((ScalarValue)logged.Properties["DisplayName"]).Value);
        Assert.DoesNotContain(logged.RenderMessage(CultureInfo.InvariantCulture), IsControl);
        var text = new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}", CultureInfo.InvariantCulture);
        Assert.Single(Lines(text, logged));
        Assert.Single(Lines(new RenderedCompactJsonFormatter(), logged));
    }

    [Fact]
    public async Task SignIn_UserNameWithCrLf_NoEventCarriesALineBreakAndAuditCsvKeepsOneRowPerEvent()
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        using var anonymous = host.CreateCookieClient();

        using (var failed = await host.PostSignInAsync(anonymous, "mallory\r\nadmin,=1+1", "wrong-password-1"))
        {
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        foreach (var logEvent in host.Logs.Events)
        {
            Assert.DoesNotContain(logEvent.RenderMessage(CultureInfo.InvariantCulture), IsControl);
            Assert.All(Strings(logEvent), s => Assert.DoesNotContain(s, IsControl));
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
            var rows = await db.Set<AuditEvent>().AsNoTracking().ToListAsync(Ct);
            Assert.All(rows, r => Assert.DoesNotContain(r.ActorName + r.Target + r.Details + r.UserAgent, IsControl));
            Assert.Contains(rows, r => r.ActorName?.Contains("mallory\\r\\nadmin", StringComparison.OrdinalIgnoreCase) == true);
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var csv = (await admin.GetStringAsync(new Uri("/Admin/Audit?handler=Export", UriKind.Relative), Ct)).TrimStart('\uFEFF');
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.StartsWith("\"", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.EndsWith("\"\r", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"mallory\\r\\nadmin,'=1+1\"", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Audit_ForgedActorTargetAndDetails_StoredEscapedAndShownEscaped()
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(
                new AuditEvent { EventType = "test.forged", ActorName = Forged, Target = "device:\r\n1", Details = "{\"reason\":\"a\nb\"}" },
                Ct);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
            var row = await db.Set<AuditEvent>().AsNoTracking().SingleAsync(e => e.EventType == "test.forged", Ct);
            Assert.Equal("device:\\r\\n1", row.Target);
            Assert.Equal("{\"reason\":\"a\\nb\"}", row.Details);
            Assert.StartsWith("Laptop\\r\\n[09:00:00 INF]", row.ActorName, StringComparison.Ordinal);
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var page = await admin.GetStringAsync(new Uri("/Admin/Audit?Filter.EventType=test.forged", UriKind.Relative), Ct);
        Assert.Contains("device:\\r\\n1", page, StringComparison.Ordinal);
        var csv = (await admin.GetStringAsync(new Uri("/Admin/Audit?handler=Export&Filter.EventType=test.forged", UriKind.Relative), Ct)).TrimStart('\uFEFF');
        Assert.Equal(2, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task AuditReader_RowWrittenRawBeforeEscaping_ShownEscapedOnPageAndInCsv()
    {
        await using var host = new PortalHost();
        await host.CreateRegisteredUserAsync("admin", Password, admin: true);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>();
            db.Set<AuditEvent>().Add(new AuditEvent { EventType = "test.legacy", OccurredAt = DateTimeOffset.UtcNow, ActorName = "old\r\nrow", Details = "x\ny" });
            await db.SaveChangesAsync(Ct);
        }

        using var admin = host.CreateCookieClient();
        await host.SignInAsync(admin, "admin", Password);
        var page = await admin.GetStringAsync(new Uri("/Admin/Audit?Filter.EventType=test.legacy", UriKind.Relative), Ct);
        var csv = (await admin.GetStringAsync(new Uri("/Admin/Audit?handler=Export&Filter.EventType=test.legacy", UriKind.Relative), Ct)).TrimStart('\uFEFF');

        Assert.Contains("old\\r\\nrow", page, StringComparison.Ordinal);
        Assert.DoesNotContain("old\r\nrow", page, StringComparison.Ordinal);
        Assert.Equal(2, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\"old\\r\\nrow\"", csv, StringComparison.Ordinal);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Device {DeviceName} of {DisplayName} with {@Details}")]
    private static partial void LogDevice(ILogger logger, string deviceName, string displayName, object details);

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static string[] Lines(Serilog.Formatting.ITextFormatter formatter, LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        formatter.Format(logEvent, writer);
        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static IEnumerable<string> Strings(LogEvent logEvent) => logEvent.Properties.Values.SelectMany(Strings);

    private static IEnumerable<string> Strings(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } => [s],
        StructureValue structure => structure.Properties.SelectMany(p => Strings(p.Value)),
        SequenceValue sequence => sequence.Elements.SelectMany(Strings),
        DictionaryValue dictionary => dictionary.Elements.SelectMany(e => Strings(e.Key).Concat(Strings(e.Value))),
        _ => [],
    };
}
