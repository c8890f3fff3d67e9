using System.Reflection;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Web.Security;

/// <summary>
/// The route table of the running app against the access matrix: a route added without a matrix entry fails here,
/// named in the message. Anonymous and per-role checks below; patient B with patient A's real ids on the patient-owned routes.
/// </summary>
public sealed class RouteRoleMatrixTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    // Route template → who may open it. Every page and endpoint the app maps must appear here.
    private static readonly Dictionary<string, string> Matrix = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/"] = "signed in",
        ["/not-found"] = "anyone",
        ["/account/login"] = "anyone",
        ["/account/register"] = "anyone",
        ["/account/access-denied"] = "anyone",
        ["/account/mfa"] = "anyone (signed-in users' own two-step sign-in; others go to sign in)",
        ["/account/login-2fa"] = "anyone (the code step of a pending sign-in)",
        ["/account/forgot-password"] = "anyone",
        ["/account/reset-password"] = "anyone (one-time link)",
        ["/account/set-password"] = "anyone (one-time link)",
        ["/account/confirm-email"] = "anyone (one-time link)",
        ["/account/logout"] = "anyone (POST)",
        ["/consultations"] = "patient",
        ["/consultations/{Id:guid}"] = "owning patient",
        ["/consultations/start"] = "patient (POST)",
        ["/triage"] = "nurse",
        ["/triage/dashboard"] = "nurse",
        ["/triage/{AssessmentId:guid}"] = "nurse",
        ["/summaries"] = "clinician",
        ["/summaries/consultation/{ConsultationId:guid}"] = "clinician",
        ["/summaries/consultation/{ConsultationId:guid}/documents"] = "clinician",
        ["/summaries/{id:guid}/pdf"] = "clinician",
        ["/summaries/{id:guid}/print"] = "clinician",
        ["/summaries/{id:guid}/export"] = "clinician",
        ["/admin/users"] = "admin",
        ["/admin/audit"] = "admin",
        ["/admin/model"] = "admin",
        ["/admin/operations"] = "admin",
        ["/admin/documents"] = "admin",
        ["/api/consultations/"] = "signed in (own data)",
        ["/api/consultations/{id:guid}"] = "signed in (own data)",
        ["/diagnostics/memory"] = "admin",
        ["/health/live"] = "anyone",
        ["/health/ready"] = "anyone (status only)",
        ["/metrics"] = "anyone",
        ["/{**path:file}"] = "anyone (static web assets)",
    };

    [Fact]
    public void RouteTables_EveryRoute_HasMatrixEntry()
    {
        var routes = PageRoutes().Concat(EndpointRoutes()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        var missing = routes.Where(r => !Matrix.ContainsKey(r)).ToList();

        Assert.True(routes.Count >= Matrix.Count / 2, $"Only {routes.Count} routes found: the route tables were not read.");
        Assert.True(missing.Count == 0, $"Routes without an entry in the route × role matrix: {string.Join(", ", missing)}");
    }

    // Form-post endpoints have their own checks below: a GET on them is not a route.
    public static TheoryData<string> ProtectedRoutes => new(Matrix
        .Where(e => !e.Value.StartsWith("anyone", StringComparison.Ordinal) && !e.Value.EndsWith("(POST)", StringComparison.Ordinal))
        .Select(e => e.Key));

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Get_AnonymousOnProtectedRoute_RedirectedToLogin(string template)
    {
        using var client = AccountClient.CreateClient(fixture.App);

        var response = await client.GetAsync(Fill(template, Guid.NewGuid()));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static readonly string[] StaffAndPatientRoles = ["patient", "nurse", "clinician", "admin"];

    public static TheoryData<string, string> RoleOnlyPages
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var e in Matrix.Where(e => StaffAndPatientRoles.Contains(e.Value) && !e.Key.Contains('{', StringComparison.Ordinal) && PageTemplates.Contains(e.Key)))
            {
                foreach (var role in StaffAndPatientRoles)
                {
                    data.Add(e.Key, role);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RoleOnlyPages))]
    public async Task GetPage_EachDemoRole_AllowedOnlyForItsRole(string route, string role)
    {
        var allowed = string.Equals(Matrix[route], role, StringComparison.Ordinal);
        using var client = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(char.ToUpperInvariant(role[0]) + role[1..]));

        var response = await client.GetAsync(route);

        if (allowed)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PostStart_Anonymous_RedirectedToLoginNothingCreated()
    {
        using var client = AccountClient.CreateClient(fixture.App);
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, "/account/login");
        var before = await ConsultationCountAsync();

        var response = await client.PostAsync("/consultations/start", TokenForm(token));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(before, await ConsultationCountAsync());
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("clinician")]
    [InlineData("admin")]
    public async Task PostStart_StaffRole_AccessDeniedNothingCreated(string role)
    {
        using var client = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(char.ToUpperInvariant(role[0]) + role[1..]));
        // The layout's sign-out form carries a token for every signed-in user.
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, "/");
        var before = await ConsultationCountAsync();

        var response = await client.PostAsync("/consultations/start", TokenForm(token));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(before, await ConsultationCountAsync());
    }

    [Fact]
    public async Task PostStart_Patient_SeeOtherToTheirNewConsultationAudited()
    {
        using var client = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(MedPortal.Core.Identity.Roles.Patient));
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, "/consultations");

        var response = await client.PostAsync("/consultations/start", TokenForm(token));

        Assert.Equal(System.Net.HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/consultations/[0-9a-f-]{36}$", location);
        var id = Guid.Parse(location.Split('/').Last());
        await using var db = fixture.App.CreateDb();
        var patientId = await db.Users.Where(u => u.NormalizedEmail == AccountClient.DemoEmail(MedPortal.Core.Identity.Roles.Patient).ToUpperInvariant())
            .Select(u => u.Id).SingleAsync();
        Assert.Equal(patientId, (await db.Consultations.SingleAsync(c => c.Id == id)).PatientId);
        Assert.Contains("consultation.create", await db.AuditEvents.Where(e => e.ResourceId == id.ToString()).Select(e => e.Action).ToListAsync());
        // The new chat opens for its patient (the greeting is there).
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task PostStart_PatientWithoutAntiforgeryToken_BadRequestNothingCreated()
    {
        using var client = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(MedPortal.Core.Identity.Roles.Patient));
        var before = await ConsultationCountAsync();

        var missing = await client.PostAsync("/consultations/start", new FormUrlEncodedContent([]));
        var forged = await client.PostAsync("/consultations/start", TokenForm("CfDJ8-not-a-real-token"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(before, await ConsultationCountAsync());
    }

    private static FormUrlEncodedContent TokenForm(string token) => new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    private async Task<int> ConsultationCountAsync()
    {
        await using var db = fixture.App.CreateDb();
        return await db.Consultations.CountAsync();
    }

    [Fact]
    public async Task OwnPatientRoutes_AnotherPatientWithARealId_RefusedWithoutTheData()
    {
        // Patient A (the demo patient) starts a consultation with words that must not reach anyone else.
        const string secret = "zebra-striped rash behind my left knee";
        var assessment = await new DemoCases(fixture.App).SubmitAsync(secret);
        var emailB = $"b-{Guid.NewGuid():N}@patients.example";
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<MedPortal.Core.Identity.MedPortalUser>>();
            var b = new MedPortal.Core.Identity.MedPortalUser { UserName = emailB, Email = emailB, EmailConfirmed = true, DisplayName = "Patient B" };
            Assert.True((await users.CreateAsync(b, AccountClient.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(b, MedPortal.Core.Identity.Roles.Patient)).Succeeded);
        }
        using var patientB = await AccountClient.SignedInClientAsync(fixture.App, emailB);
        using var patientA = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(MedPortal.Core.Identity.Roles.Patient));

        // A sees their own consultation through the API: the check below is not refusing everyone.
        Assert.Contains(assessment.ConsultationId.ToString(), await patientA.GetStringAsync($"/api/consultations/{assessment.ConsultationId}"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(assessment.ConsultationId.ToString(), await patientA.GetStringAsync("/api/consultations/"), StringComparison.OrdinalIgnoreCase);

        foreach (var path in new[] { $"/api/consultations/{assessment.ConsultationId}", "/api/consultations/", $"/consultations/{assessment.ConsultationId}" })
        {
            var response = await patientB.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("zebra-striped", body, StringComparison.Ordinal);
            Assert.DoesNotContain("rash", body, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain(assessment.ConsultationId.ToString(), await patientB.GetStringAsync("/api/consultations/"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await patientB.GetAsync($"/api/consultations/{assessment.ConsultationId}")).StatusCode);
        foreach (var path in new[] { $"/triage/{assessment.Id}", $"/summaries/consultation/{assessment.ConsultationId}" })
        {
            var response = await patientB.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    private static string Fill(string template, Guid id) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", id.ToString());

    private static IEnumerable<string> PageRoutes() =>
        typeof(MedPortal.Web.Components.App).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(a => a.Template);

    private IEnumerable<string> EndpointRoutes() =>
        fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(IsAppRoute);

    // Framework plumbing (static files, the Blazor hub and its negotiation, Razor component fallbacks) is not an app route.
    private static bool IsAppRoute(string route) =>
        !route.StartsWith("/_", StringComparison.Ordinal)
        && !route.Contains('.', StringComparison.Ordinal)
        && !(route.Length > 1 && PageTemplates.Contains(route));

    private static readonly HashSet<string> PageTemplates = new(PageRoutes(), StringComparer.OrdinalIgnoreCase);
}
