using AppPasswords.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppPasswords.Browser.Tests.Journeys;

public class ShellJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task HomePage_PhoneWidth_FitsWithoutHorizontalScrolling(string locale)
    {
        var page = await OpenPageAsync(locale, width: 375, height: 740);

        await page.GotoAsync("/");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than a 375px phone screen.");
        await Expect(page.GetByRole(AriaRole.Banner)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task HomePage_FirstTab_ShowsSkipLinkThatMovesFocusToMain()
    {
        var page = await OpenPageAsync();
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Expect(skip).ToBeFocusedAsync();
        var box = await skip.BoundingBoxAsync();
        Assert.True(box is { Y: >= 0, Height: > 0 }, "The focused skip link is off screen.");

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Main)).ToBeFocusedAsync();
    }

    [Fact]
    public async Task HomePage_Assets_AllServedLocally()
    {
        var page = await OpenPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        await page.GotoAsync("/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.NotEmpty(requested);
        Assert.All(requested, url => Assert.StartsWith(Fixture.BaseUrl.ToString(), url, StringComparison.Ordinal));
        Assert.Empty(ConsoleErrors);
    }
}
