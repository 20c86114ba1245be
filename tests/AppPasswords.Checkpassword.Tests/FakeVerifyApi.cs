using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppPasswords.Checkpassword.Tests;

/// <summary>
/// A stand-in for the portal's verify endpoint on real Kestrel, answering whatever a test wants (5xx, 429, slow,
/// garbage), to exercise the adapter's handling of server trouble the real portal cannot be made to produce.
/// </summary>
internal sealed class FakeVerifyApi : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeVerifyApi(WebApplication app, Uri verifyUrl)
    {
        this.app = app;
        VerifyUrl = verifyUrl;
    }

    public Uri VerifyUrl { get; }

    public List<(string? Authorization, string Body)> Requests { get; } = [];

    public static async Task<FakeVerifyApi> StartAsync(Func<HttpContext, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeVerifyApi? api = null;
        app.MapPost("/api/v1/app-passwords/verify", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            lock (api!.Requests)
            {
                api.Requests.Add((context.Request.Headers.Authorization.ToString(), body));
            }

            await respond(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        api = new FakeVerifyApi(app, new Uri(new Uri(address), "/api/v1/app-passwords/verify"));
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
