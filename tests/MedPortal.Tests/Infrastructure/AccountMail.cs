using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace MedPortal.Tests.Infrastructure;

/// <summary>
/// The app with email on to a real local SMTP server (aiosmtpd), and the cookie's security stamp checked on every
/// request (so a revoked session is refused at its next request, not after SignIn:RevalidateSeconds).
/// </summary>
public sealed class MailAppFixture : IAsyncLifetime
{
    private MedPortalApp? app;

    public SmtpTestServer Smtp { get; private set; } = null!;

    public MedPortalApp App => app ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        Smtp = await SmtpTestServer.StartAsync();
        app = await MedPortalApp.CreateAsync(AccountMail.Settings(Smtp), services =>
            services.Configure<Microsoft.AspNetCore.Identity.SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        _ = app.Server;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        await Smtp.DisposeAsync();
    }
}

/// <summary>Reads the account emails the SMTP server received: the one to an address, its link, its text.</summary>
public static partial class AccountMail
{
    public const string PublicBaseUrl = "https://portal.clinic.example";

    /// <summary>Words of clinical content that no account email may carry.</summary>
    public static readonly string[] HealthWords =
        ["triage", "acuity", "symptom", "diagnos", "consultation", "pain", "chest", "medication", "allerg", "prescri", "summary", "nurse queue"];

    public static Dictionary<string, string?> Settings(SmtpTestServer smtp) => new()
    {
        ["Email:Enabled"] = "true",
        ["Email:Host"] = "127.0.0.1",
        ["Email:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Security"] = "None",
        ["Email:PublicBaseUrl"] = PublicBaseUrl,
    };

    /// <summary>Waits for the <paramref name="nth"/> (1-based) message to <paramref name="address"/>.</summary>
    public static async Task<MimeMessage> WaitForAsync(SmtpTestServer smtp, string address, int nth = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mine = smtp.Messages().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
            if (mine.Count >= nth)
            {
                return mine[nth - 1];
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No message #{nth} to {address} within 30 s ({smtp.Messages().Count} delivered in all).");
            }
            await Task.Delay(100);
        }
    }

    public static int CountTo(SmtpTestServer smtp, string address) =>
        smtp.Messages().Count(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The one link in the body, as a path and query on the portal.</summary>
    public static string LinkPath(MimeMessage message) => LinkPath(message.TextBody ?? "");

    public static string LinkPath(string body, string expectedBase = PublicBaseUrl)
    {
        var links = LinkPattern().Matches(body).Select(m => new Uri(m.Value)).ToList();
        var link = Assert.Single(links);
        Assert.Equal(expectedBase, link.GetLeftPart(UriPartial.Authority));
        return link.PathAndQuery;
    }

    /// <summary>Asserts that subject and body, the link taken out, hold no health word and none of <paramref name="identifiers"/>.</summary>
    public static void AssertNoHealthInformation(MimeMessage message, params string[] identifiers)
    {
        var text = message.Subject + "\n" + LinkPattern().Replace(message.TextBody ?? "", "");
        foreach (var word in HealthWords.Concat(identifiers))
        {
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Posts the password form of a reset or invitation link (the token travels in the form, as the page sends it).</summary>
    public static async Task<HttpResponseMessage> PostNewPasswordAsync(HttpClient client, string linkPath, string password)
    {
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, linkPath);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + linkPath).Query);
        return await client.PostAsync(new Uri("http://x" + linkPath).AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "set-password",
            ["__RequestVerificationToken"] = token,
            ["Input.UserId"] = query["userId"].ToString(),
            ["Input.Code"] = query["code"].ToString(),
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }));
    }

    public static string TestId(string html, string id)
    {
        var match = Regex.Match(html, $"data-testid=\"{id}\">(.*?)</div>", RegexOptions.Singleline);
        Assert.True(match.Success, $"No {id} element in:\n{html}");
        return WebUtility.HtmlDecode(Regex.Replace(match.Groups[1].Value, "<[^>]+>", "")).Trim();
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
