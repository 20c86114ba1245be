using AppPasswords.Core.Auth;
using AppPasswords.Core.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace AppPasswords.Testing;

/// <summary>
/// The real portal (its own Program) on real Kestrel bound to 127.0.0.1 on a free port, with its own
/// SQLite file in a temporary folder. Every Serilog event is also captured in <see cref="Logs"/>.
/// Local passwords are hashed with <see cref="TestPasswordHashIterations"/> PBKDF2 iterations instead of the
/// production 210,000+ (each hash or sign-in would cost hundreds of ms of CPU) unless the test calls
/// <see cref="WithProductionPasswordHashing"/> or configures <c>Authentication:PasswordHashing:Iterations</c>.
/// <para>
/// Outside Development the portal refuses to start without real mail/SMS providers and without a Data Protection
/// certificate: the harness opts in explicitly with <c>Mfa:AllowDevelopmentOutbox=true</c> (codes are read from the
/// outbox) and the generated certificate of <see cref="TestCertificates.Shared"/>. A test removes an opt-in with
/// <c>With(key, null)</c>. Cookies are marked Secure on plain HTTP outside Development, which an HttpClient cookie
/// container never sends back to <c>http://127.0.0.1</c>: the harness relaxes the cookie policy to "Secure on HTTPS
/// requests" unless the test calls <see cref="WithProductionCookiePolicy"/>.
/// </para>
/// </summary>
public class PortalHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection>> serviceOverrides = [];
    private readonly string environment;
    private bool productionPasswordHashing;
    private bool productionCookiePolicy;

    static PortalHost()
    {
        // Every host watches wwwroot and appsettings files; with inotify each watcher costs one of the user's
        // 128 inotify instances, and a suite starting hundreds of hosts runs out (IOException on page render).
        // Polling watchers need none.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "1");
    }

    public PortalHost(string environment = "Testing")
    {
        this.environment = environment;
        DataDirectory = Directory.CreateTempSubdirectory("apppasswords-test-").FullName;
        settings["Database:DataDirectory"] = DataDirectory;
        settings[AllowDevelopmentOutboxKey] = "true";
        var certificate = TestCertificates.Shared;
        settings[DataProtectionCertificatePathKey] = certificate.Path;
        settings[DataProtectionCertificatePasswordKey] = certificate.Password;
        // Kestrel without a port here: UseKestrel(port) makes the factory clear and re-add the server addresses after
        // Build(), which races with the app starting Kestrel on its own thread ("Addresses cannot be modified after
        // the server has started", dotnet/aspnetcore#67714). The loopback port-0 endpoint is set in ConfigureWebHost.
        UseKestrel();
    }

    /// <summary>The harness's opt-in to the development outbox outside Development.</summary>
    public const string AllowDevelopmentOutboxKey = "Mfa:AllowDevelopmentOutbox";

    /// <summary>The harness's Data Protection certificate (<see cref="TestCertificates.Shared"/>).</summary>
    public const string DataProtectionCertificatePathKey = "DataProtection:Certificate:Path";

    public const string DataProtectionCertificatePasswordKey = "DataProtection:Certificate:Password";

    /// <summary>Folder holding this host's SQLite file; deleted on dispose.</summary>
    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "apppasswords.db");

    public CapturedLogSink Logs { get; } = new();

    /// <summary>Set when <see cref="UseFakeClock"/> was called.</summary>
    public FakeTimeProvider? Clock { get; private set; }

    /// <summary>Sets a configuration value before the host starts.</summary>
    public PortalHost With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>PBKDF2 iterations of the harness's password hasher (the hash stores its count, so it verifies).</summary>
    public const int TestPasswordHashIterations = 1_000;

    /// <summary>
    /// Keeps the app's own password hasher (configured iterations, at least 210,000) instead of the harness's cheap
    /// one: for tests about hashing cost, such as sign-in timing, or the stored hash itself.
    /// </summary>
    public PortalHost WithProductionPasswordHashing()
    {
        productionPasswordHashing = true;
        return this;
    }

    /// <summary>
    /// Keeps the app's cookie policy (outside Development every cookie is Secure, even on plain HTTP) instead of the
    /// harness's "Secure on HTTPS requests": for tests about the Secure flag itself.
    /// </summary>
    public PortalHost WithProductionCookiePolicy()
    {
        productionCookiePolicy = true;
        return this;
    }

    /// <summary>Replaces or adds services before the host starts.</summary>
    public PortalHost WithServices(Action<IServiceCollection> configure)
    {
        serviceOverrides.Add(configure);
        return this;
    }

    /// <summary>Replaces the app's <see cref="TimeProvider"/> with a controllable clock.</summary>
    public FakeTimeProvider UseFakeClock(DateTimeOffset? start = null)
    {
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var clock = Clock;
        WithServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        return Clock;
    }

    /// <summary>Starts Kestrel (once) and returns the loopback address, e.g. <c>http://127.0.0.1:45123/</c>.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    /// <summary>An HttpClient against the Kestrel address that does not follow redirects and keeps no cookies.</summary>
    public HttpClient CreateRawClient()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = Start(),
        };
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(environment);
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            if (!productionPasswordHashing && !settings.ContainsKey(PasswordHashingOptions.Section + ":Iterations"))
            {
                services.Replace(ServiceDescriptor.Singleton(sp => new LocalPasswordHasher(
                    sp.GetRequiredService<IRandomSource>(), TestPasswordHashIterations, TestPasswordHashIterations)));
            }

            if (!productionCookiePolicy)
            {
                services.PostConfigure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
            }

            foreach (var configure in serviceOverrides)
            {
                configure(services);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a lingering connection; the OS temp cleaner takes it.
            }
        }
    }
}
