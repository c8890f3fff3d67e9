using System.Net;
using System.Text.RegularExpressions;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MedPortal.Tests.Web.Identity;

/// <summary>Sign-in cookies outlive a restart (keys in PostgreSQL) and die with a sign-out (the security stamp rotates).</summary>
public sealed partial class SessionTests
{
    [Fact]
    public async Task PostLogout_OtherSessionOfSameAccount_RejectedAfterwards()
    {
        // Validate the stamp on every request, so the test does not wait out SignIn:RevalidateSeconds.
        await using var app = await MedPortalApp.CreateAsync(configureServices: services =>
            services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        var email = AccountClient.DemoEmail(Roles.Patient);
        using var leaving = await AccountClient.SignedInClientAsync(app, email);
        using var copied = await AccountClient.SignedInClientAsync(app, email);
        Assert.Equal(HttpStatusCode.OK, (await copied.GetAsync("/consultations")).StatusCode);

        var token = await AccountClient.GetAntiforgeryTokenAsync(leaving, "/");
        var logout = await leaving.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["__reason"] = "user",
        }));
        var after = await copied.GetAsync("/consultations");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_NewHostOnSameDatabase_OldCookieStillSignedIn()
    {
        await using var database = await TestDatabase.CreateAsync();
        string cookie;
        await using (var before = new MedPortalApp(TestDatabase.ForExisting(database)))
        {
            using var client = before.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            cookie = await SignInForCookieAsync(client, AccountClient.DemoEmail(Roles.Patient));
        }

        await using var after = new MedPortalApp(TestDatabase.ForExisting(database));
        using var restarted = after.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/consultations");
        request.Headers.Add("Cookie", cookie);
        var response = await restarted.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await CountKeysAsync(database.AdminConnectionString) >= 1);
    }

    /// <summary>Signs in through the form with cookies handled by hand, and returns the auth cookie as a Cookie header.</summary>
    private static async Task<string> SignInForCookieAsync(HttpClient client, string email)
    {
        var form = await client.GetAsync("/account/login");
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var html = await form.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = email,
                ["Input.Password"] = AccountClient.DemoPassword,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("MedPortal.Auth", StringComparison.Ordinal))
            .Select(c => c.Split(';')[0]));
    }

    private static async Task<long> CountKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
