var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var body = """{"userId":"00000000-0000-0000-0000-000000000000","userPrincipalName":"ceiling@contoso.example","appPasswordId":"00000000-0000-0000-0000-000000000000"}"""u8.ToArray();
app.MapPost("/api/v1/app-passwords/verify", () => Results.Bytes(body, "application/json"));
await app.RunAsync();
