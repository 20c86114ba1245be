using System.Net;
using AppPasswords.Testing;

namespace AppPasswords.Web.Tests.Hosting;

public class StartupTests
{
    [Fact]
    public async Task Start_WithNoConfiguration_CreatesSqliteFileAndServesHomePage()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(host.DatabasePath));
    }
}
