using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AppPasswords.Testing;
using Microsoft.Playwright;

namespace AppPasswords.Stack.Tests.Support;

/// <summary>
/// The deployment of docs/operations.md on one machine: one <c>redis-server</c>, the in-process SMTP server, two
/// portal processes in the Production environment sharing one SQLite database folder (database, hash key file) and
/// Redis, nginx terminating TLS in front of both, and headless Debian Chromium. A journey user and two service keys
/// are created with the command line against the shared database before the portals start, as an operator would.
/// </summary>
public sealed class ProductionDeployment : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string UserName = "stack-user";

    public const string Password = "Blue-Kettle-Orbit-42";

    /// <summary><c>AppPasswords:VerifyRateLimits:PerUserPerMinute</c> of both instances.</summary>
    public const int VerifyPerUserPerMinute = 8;

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly List<string> missing = [];
    private RedisServer? redis;
    private NginxProxy? nginx;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public string Root { get; } = Directory.CreateTempSubdirectory("apppasswords-stack-").FullName;

    public InProcessSmtpServer Smtp { get; } = new();

    public PortalProcess[] Portals { get; private set; } = [];

    public NginxProxy Nginx => nginx ?? throw new InvalidOperationException("nginx did not start");

    /// <summary>Service key for the journey's verify calls.</summary>
    public string ServiceKey { get; private set; } = "";

    /// <summary>A second service key, only for the rate-limit probe.</summary>
    public string ProbeServiceKey { get; private set; } = "";

    /// <summary>Skips the calling test when a server of the stack is not installed.</summary>
    public IBrowser Browser
    {
        get
        {
            if (missing.Count > 0)
            {
                Assert.Skip($"{string.Join(", ", missing)} missing: build/install-prerequisites.sh installs them.");
            }

            return browser!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        foreach (var executable in new[] { NginxProxy.Executable, RedisServer.Executable, ChromiumPath })
        {
            if (!File.Exists(executable))
            {
                missing.Add(executable);
            }
        }

        if (missing.Count > 0)
        {
            return;
        }

        redis = await RedisServer.StartAsync(Root);
        var dataProtectionCertificate = await WriteDataProtectionCertificateAsync();
        var settings = new Dictionary<string, string>
        {
            ["Database:DataDirectory"] = Path.Combine(Root, "data"),
            ["Redis:Configuration"] = redis.Configuration,
            ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
            ["DataProtection:Certificate:Path"] = dataProtectionCertificate,
            // No SMS provider here: text-message codes would land in the development outbox, which Production refuses
            // without this opt-in. The journey uses the authenticator app and email over SMTP.
            ["Mfa:AllowDevelopmentOutbox"] = "true",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp:TlsMode"] = "None",
            ["AppPasswords:VerifyRateLimits:PerUserPerMinute"] = VerifyPerUserPerMinute.ToString(CultureInfo.InvariantCulture),
        };
        Portals = [new PortalProcess("portal-a", Root, settings), new PortalProcess("portal-b", Root, settings)];

        // The operator's first steps, on the shared database; the first command also applies the migrations.
        await RunCommandAsync(["users", "add", UserName, "--display-name", "Stack Journey"], Password);
        ServiceKey = ServiceKeyFrom(await RunCommandAsync(["service-keys", "create", "stack journey"]));
        ProbeServiceKey = ServiceKeyFrom(await RunCommandAsync(["service-keys", "create", "stack rate-limit probe"]));

        // One after the other: the first creates the Data Protection key ring in the database, the second reads it.
        foreach (var portal in Portals)
        {
            await portal.StartAsync();
        }

        nginx = await NginxProxy.StartAsync(Root, Portals.Select(p => p.Upstream));
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>Starts again any portal a test stopped, so each test begins with both instances up.</summary>
    public async Task EnsureBothRunningAsync()
    {
        foreach (var portal in Portals.Where(p => !p.IsRunning))
        {
            await portal.StartAsync();
        }
    }

    /// <summary>A page in a fresh context on nginx's address, accepting its self-signed certificate, clipboard allowed.</summary>
    public async Task<IPage> OpenPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Nginx.BaseUrl.ToString(),
            IgnoreHTTPSErrors = true,
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Nginx.BaseUrl.GetLeftPart(UriPartial.Authority) });
        return await context.NewPageAsync();
    }

    /// <summary>Posts to one instance's verify API directly (not through nginx), as a mail server next to it would.</summary>
    public static async Task<HttpResponseMessage> VerifyAsync(PortalProcess portal, string serviceKey, string user, string password, string remoteIp)
    {
        ArgumentNullException.ThrowIfNull(portal);
        using var client = new HttpClient { BaseAddress = portal.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/app-passwords/verify")
        {
            Content = JsonContent.Create(new { user, password, protocol = "imap", remoteIp }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>What each server wrote, for a failure message.</summary>
    public string Diagnostics() =>
        string.Join("\n\n", Portals.Select(p => $"--- {p.Name}:\n{Tail(p.Process?.Output)}"))
        + $"\n\n--- nginx access log:\n{string.Join('\n', nginx?.AccessLog() ?? [])}\n--- nginx error log:\n{Tail(nginx?.ErrorLog())}";

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (nginx is not null)
        {
            await nginx.DisposeAsync();
        }

        foreach (var portal in Portals)
        {
            if (portal.Process is not null)
            {
                await portal.Process.DisposeAsync();
            }
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is going away; the OS temp cleaner takes it.
        }
    }

    private async Task<string> RunCommandAsync(string[] args, string? input = null)
    {
        var (exitCode, output) = await Portals[0].RunCommandAsync(args, input);
        Assert.True(exitCode == 0, $"'{string.Join(' ', args)}' exited with {exitCode}:\n{output}");
        return output;
    }

    private static string ServiceKeyFrom(string output) =>
        output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("apsk_", StringComparison.Ordinal));

    /// <summary>A self-signed certificate with its private key (PKCS#12, owner-only) protecting the Data Protection key ring.</summary>
    private async Task<string> WriteDataProtectionCertificateAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=AppPasswords Data Protection", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        var path = Path.Combine(Root, "dataprotection.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pkcs12));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static string Tail(string? text) => text is null ? "" : text.Length > 6000 ? text[^6000..] : text;
}
