# The portal as a container: build with the SDK, run on the ASP.NET runtime as the image's non-root user.
# Used by docker-compose.yml; configure the database with Database__Provider and ConnectionStrings__SqlServer.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props AppPasswords.sln ./
COPY src/ src/
RUN dotnet publish src/AppPasswords.Web/AppPasswords.Web.csproj -c Release -o /app/publish -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/publish .
# The SQLite fallback writes under /app/data; give it to the non-root user that runs the app.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
ENTRYPOINT ["dotnet", "AppPasswords.Web.dll"]
