using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AppPasswords.Browser.Tests.Support;

/// <summary>
/// Base of every journey: <see cref="OpenPageAsync"/> gives a page in a fresh browser context (own cookies,
/// chosen locale and viewport); on failure a screenshot of every open page lands in <c>artifacts/screenshots/</c>.
/// </summary>
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];
    private readonly List<IPage> pages = [];
    private readonly List<string> consoleErrors = [];

    protected BrowserFixture Fixture { get; } = fixture;

    /// <summary>
    /// For <c>WaitForURLAsync</c>: the document is parsed and deferred scripts ran. Journeys then wait on what the page
    /// shows; waiting for the <c>load</c> event as well (the default) only adds a dependency on every subresource.
    /// </summary>
    protected static readonly PageWaitForURLOptions UntilDomReady = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>Browser console errors (CSP violations, failed scripts) seen by any page of this test.</summary>
    protected IReadOnlyList<string> ConsoleErrors => consoleErrors;

    /// <summary>
    /// A new page in its own context; <paramref name="locale"/> drives Accept-Language and navigator.language.
    /// <paramref name="baseUrl"/> points the page at a journey's own <c>PortalHost</c> instead of the shared one.
    /// </summary>
    protected async Task<IPage> OpenPageAsync(string locale = "en-US", int width = 1280, int height = 800, Uri? baseUrl = null)
    {
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (baseUrl ?? Fixture.BaseUrl).ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        contexts.Add(context);
        // Upper bounds, not delays: the suite runs its test assemblies in parallel on small CI machines, where one
        // page load can take longer than Playwright's 30 s default.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (consoleErrors)
                {
                    consoleErrors.Add($"{message.Text} (at {page.Url})");
                }
            }
        };
        pages.Add(page);
        return page;
    }

    /// <summary>
    /// Violations only: axe still runs every rule, but skips collecting the nodes of passes, incomplete and
    /// inapplicable results, which nothing here reads.
    /// </summary>
    private static readonly AxeRunOptions ViolationsOnly = new() { ResultTypes = [ResultType.Violations] };

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation, listing each with its elements.</summary>
    protected static async Task AssertAccessibleAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe(options: ViolationsOnly);
        var blocking = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"- {v.Impact} {v.Id}: {v.Help} ({v.HelpUrl})\n    at {string.Join("\n    at ", v.Nodes.Select(n => $"{n.Target} {n.Html}"))}")
            .ToList();
        Assert.True(blocking.Count == 0, $"Accessibility violations on {page.Url}:\n{string.Join('\n', blocking)}");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            await SaveScreenshotsAsync();
        }

        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task SaveScreenshotsAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var test = TestContext.Current.Test?.TestDisplayName ?? GetType().Name;
        var safe = string.Concat(test.Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_'));
        if (safe.Length > 150)
        {
            safe = safe[..150];
        }

        for (var i = 0; i < pages.Count; i++)
        {
            if (pages[i].IsClosed)
            {
                continue;
            }

            var path = Path.Combine(folder, $"{safe}-{i + 1}.png");
            try
            {
                await pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
                TestContext.Current.SendDiagnosticMessage($"Screenshot: {path}");
            }
            catch (PlaywrightException e)
            {
                TestContext.Current.SendDiagnosticMessage($"No screenshot of page {i + 1}: {e.Message}");
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AppPasswords.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
