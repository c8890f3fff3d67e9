using System.Net;
using System.Text.RegularExpressions;
using MedPortal.Web.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Infrastructure;

/// <summary>Signs in through the real static login form, antiforgery token and all, over an in-memory client.</summary>
public static partial class AccountClient
{
    public const string DemoPassword = "Demo-Password-2026";

    public static HttpClient CreateClient(MedPortalApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var token = await GetAntiforgeryTokenAsync(client, "/account/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    public static async Task<HttpClient> SignedInClientAsync(MedPortalApp app, string email, string password = DemoPassword)
    {
        var client = CreateClient(app);
        var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        }
        return client;
    }

    /// <summary>
    /// Marks a form-registered test account's email as confirmed, as opening the confirmation link would (the link itself
    /// is tested in Web/Identity/AccountEmailTests).
    /// </summary>
    public static async Task ConfirmEmailAsync(MedPortalApp app, string email)
    {
        await using var db = app.CreateDb();
        var normalized = email.ToUpperInvariant();
        var updated = await db.Users.Where(u => u.NormalizedEmail == normalized).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true));
        if (updated != 1)
        {
            throw new InvalidOperationException($"No account {email} to confirm.");
        }
    }

    public static string DemoEmail(string role) => DemoAccounts.All.Single(a => a.Role == role).Email;

    public static async Task<string> GetAntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {path}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
