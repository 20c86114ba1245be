using AppPasswords.Testing;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(AppPasswords.Browser.Tests.Support.BrowserFixture))]

namespace AppPasswords.Browser.Tests.Support;

/// <summary>
/// One portal on real Kestrel and one headless Debian Chromium for the whole assembly; every test opens its
/// own browser context (fresh cookies) through <see cref="BrowserTest"/>. Playwright never downloads a browser.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public PortalHost Host { get; } = new();

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The launched browser; skips the calling test when Chromium is not installed.</summary>
    public IBrowser Browser
    {
        get
        {
            if (browser is null)
            {
                Assert.Skip($"{ChromiumPath} is missing: install Debian's chromium package (build/install-prerequisites.sh does) to run browser journeys.");
            }

            return browser;
        }
    }

    public async ValueTask InitializeAsync()
    {
        BaseUrl = Host.Start();
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Host.DisposeAsync();
    }
}
