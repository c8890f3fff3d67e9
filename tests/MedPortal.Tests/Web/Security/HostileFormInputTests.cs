using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MedPortal.Tests.Web.Security;

/// <summary>
/// 400 generated hostile form posts (200 sign-ins, 200 registrations) through the real static Identity forms, each
/// from its own client address so the rate limits do not hide the handlers: every answer is the form again with its
/// errors (200) or a redirect, never a 4xx/5xx and never exception text.
/// </summary>
public sealed class HostileFormInputTests(HostileFormInputTests.Fixture fixture) : IClassFixture<HostileFormInputTests.Fixture>
{
    private const int Posts = 200;

    [Fact]
    public async Task PostLogin_TwoHundredHostileEmailsAndPasswords_NeverAServerError()
    {
        var fields = Fields(seed: 11UL);
        var problems = new List<string>();

        for (var i = 0; i < Posts; i++)
        {
            using var client = CreateClient();
            var response = await PostAsync(client, "/account/login", Peer(1, i), new()
            {
                ["_handler"] = "login",
                ["Input.Email"] = fields[2 * i],
                ["Input.Password"] = fields[(2 * i) + 1],
            });
            await CheckAsync(response, $"sign-in {i}", HasControl(fields[2 * i], fields[(2 * i) + 1]), problems);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Fact]
    public async Task PostRegister_TwoHundredHostileNamesEmailsAndDates_NeverAServerError()
    {
        var fields = Fields(seed: 23UL);
        var problems = new List<string>();

        for (var i = 0; i < Posts; i++)
        {
            using var client = CreateClient();
            // Every fourth post has a valid email and password, so the hostile name and date reach account creation.
            var valid = i % 4 == 0;
            var password = valid ? "Hostile-Test-Password-1" : fields[(2 * i) + 1];
            var response = await PostAsync(client, "/account/register", Peer(2, i), new()
            {
                ["_handler"] = "register",
                ["Input.Name"] = fields[2 * i],
                ["Input.DateOfBirth"] = i % 3 == 0 ? fields[(2 * i) + 1] : "1980-02-29",
                ["Input.Email"] = valid ? $"hostile{Guid.NewGuid():N}@example.org" : fields[(2 * i) + 1],
                ["Input.Password"] = password,
                ["Input.ConfirmPassword"] = password,
            });
            await CheckAsync(response, $"registration {i}", HasControl(fields[2 * i], fields[(2 * i) + 1]), problems);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    private static string[] Fields(ulong seed) =>
        // A browser sends an unpaired surrogate as U+FFFD (the form is UTF-8), so the posts carry what one would.
        [.. Gen.Sample(HostileText.Field(), 2 * Posts, new Rnd(seed, 7UL), 30).Select(f => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(f)))];

    private static string Peer(int block, int i) => $"198.18.{block}.{i % 250 + 1}";

    private HttpClient CreateClient() =>
        fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string peer, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await AccountClient.GetAntiforgeryTokenAsync(client, path);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(PeerAddressFromTestHeader.Header, peer);
        return await client.SendAsync(request);
    }

    // No keyboard types a control character other than tab and line breaks: a post that carries one may be refused as a
    // bad request before the form handler runs. Everything else must reach the handler.
    private static bool HasControl(params string[] values) =>
        values.Any(v => v.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')));

    private static async Task CheckAsync(HttpResponseMessage response, string what, bool mayBeRefused, List<string> problems)
    {
        var body = await response.Content.ReadAsStringAsync();
        // The token is valid, so a refusal must come from the form's own checks (a page with the errors), not a bare 400.
        var expected = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect
            || (mayBeRefused && response.StatusCode == HttpStatusCode.BadRequest);
        if (!expected)
        {
            problems.Add($"{what}: {(int)response.StatusCode}");
        }
        else if (body.Contains("Exception", StringComparison.Ordinal) || body.Contains("   at ", StringComparison.Ordinal))
        {
            problems.Add($"{what}: exception text in the page");
        }
    }

    public sealed class Fixture : PeerAddressAppFixture;
}
