using System.Net;
using MedPortal.Core.Consultations;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Web.Identity;

public sealed class AuthorizationTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private MedPortalApp App => fixture.App;

    public static TheoryData<string, string, bool> PageAccess => new()
    {
        { Roles.Patient, "/consultations", true },
        { Roles.Patient, "/triage", false },
        { Roles.Patient, "/summaries", false },
        { Roles.Patient, "/admin/users", false },
        { Roles.Patient, "/admin/audit", false },
        { Roles.Nurse, "/triage", true },
        { Roles.Nurse, "/summaries", false },
        { Roles.Nurse, "/admin/audit", false },
        { Roles.Clinician, "/summaries", true },
        { Roles.Clinician, "/triage", false },
        { Roles.Admin, "/admin/users", true },
        { Roles.Admin, "/admin/audit", true },
        { Roles.Admin, "/admin/model", true },
        { Roles.Nurse, "/admin/model", false },
        { Roles.Patient, "/admin/model", false },
        { Roles.Admin, "/admin/operations", true },
        { Roles.Nurse, "/admin/operations", false },
        { Roles.Clinician, "/admin/operations", false },
        { Roles.Patient, "/admin/operations", false },
        { Roles.Admin, "/consultations", false },
    };

    [Theory]
    [MemberData(nameof(PageAccess))]
    public async Task GetPage_ByRole_AllowedOrRedirectedToAccessDenied(string role, string path, bool allowed)
    {
        using var client = await AccountClient.SignedInClientAsync(App, AccountClient.DemoEmail(role));

        var response = await client.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/triage")]
    [InlineData("/api/consultations")]
    public async Task GetProtected_Anonymous_RedirectedToLogin(string path)
    {
        using var client = AccountClient.CreateClient(App);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetConsultation_OtherPatients_NotFoundAndAudited()
    {
        var (owner, ownerPassword) = await CreatePatientAsync();
        var (intruder, intruderPassword) = await CreatePatientAsync();
        var consultationId = await CreateConsultationAsync(owner);
        using var intruderClient = await AccountClient.SignedInClientAsync(App, intruder, intruderPassword);
        using var ownerClient = await AccountClient.SignedInClientAsync(App, owner, ownerPassword);

        var denied = await intruderClient.GetAsync($"/api/consultations/{consultationId}");
        var own = await ownerClient.GetAsync($"/api/consultations/{consultationId}");

        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        Assert.DoesNotContain("chief", (await denied.Content.ReadAsStringAsync()).ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Headache for two days", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = App.CreateDb();
        var actions = await db.AuditEvents.Where(e => e.ResourceId == consultationId.ToString()).Select(e => e.Action).ToListAsync();
        Assert.Contains("consultation.view-denied", actions);
        Assert.Contains("consultation.view", actions);
    }

    [Fact]
    public async Task ListConsultations_Patient_SeesOnlyOwn()
    {
        var (a, aPassword) = await CreatePatientAsync();
        var (b, _) = await CreatePatientAsync();
        var mine = await CreateConsultationAsync(a);
        var theirs = await CreateConsultationAsync(b);
        using var client = await AccountClient.SignedInClientAsync(App, a, aPassword);

        var body = await client.GetStringAsync("/api/consultations");

        Assert.Contains(mine.ToString(), body, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.ToString(), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetConsultation_Nurse_Allowed()
    {
        var (patient, _) = await CreatePatientAsync();
        var id = await CreateConsultationAsync(patient);
        using var nurse = await AccountClient.SignedInClientAsync(App, AccountClient.DemoEmail(Roles.Nurse));

        var response = await nurse.GetAsync($"/api/consultations/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(string Email, string Password)> CreatePatientAsync()
    {
        var email = $"p{Guid.NewGuid():N}@example.org";
        const string password = "Patient-Password-1";
        using var client = AccountClient.CreateClient(App);
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, "/account/register");
        var response = await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = token,
            ["Input.Name"] = "Test Patient",
            ["Input.DateOfBirth"] = "1980-04-02",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        await AccountClient.ConfirmEmailAsync(App, email);
        return (email, password);
    }

    private async Task<Guid> CreateConsultationAsync(string patientEmail)
    {
        await using var db = App.CreateDb();
        var user = await db.Users.SingleAsync(u => u.Email == patientEmail);
        var consultation = new Consultation { PatientId = user.Id, ChiefComplaint = "Headache for two days" };
        db.Consultations.Add(consultation);
        await db.SaveChangesAsync();
        return consultation.Id;
    }
}
