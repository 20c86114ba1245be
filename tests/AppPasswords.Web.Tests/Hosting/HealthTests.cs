using System.Net;
using AppPasswords.Testing;

namespace AppPasswords.Web.Tests.Hosting;

public class HealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_DatabaseReachable_AnswersHealthyWithoutSignIn(string path)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Ready_DatabaseUnreachable_Answers503WhileLiveStays200()
    {
        await using var host = new PortalHost();
        var missing = Path.Combine(host.DataDirectory, "missing.db");
        host.With("Database:MigrateOnStartup", "false")
            .With("ConnectionStrings:Sqlite", $"Data Source={missing};Mode=ReadWrite;Pooling=False");
        using var client = host.CreateRawClient();

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.False(File.Exists(missing));
    }
}
