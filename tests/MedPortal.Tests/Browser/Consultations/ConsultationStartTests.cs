using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Browser.Consultations;

/// <summary>Starting a consultation is the patient's first click: it must never be lost.</summary>
public sealed class ConsultationStartTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Starts = 50;

    [Fact]
    public async Task StartConsultation_FiftyTimesInARow_EveryClickOpensANewChat()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var opened = new HashSet<string>();

        for (var i = 0; i < Starts; i++)
        {
            // Each start loads My consultations afresh (a new circuit), waits for it as a patient would, clicks once.
            await ChatPage.StartAsync(page);
            Assert.True(opened.Add(page.Url.Split('/').Last()), $"start {i + 1} reopened an earlier consultation");
        }

        await using var db = browser.App.CreateDb();
        var patientId = await db.Users.Where(u => u.NormalizedEmail == AccountClient.DemoEmail(Roles.Patient).ToUpperInvariant()).Select(u => u.Id).SingleAsync();
        var stored = await db.Consultations.Where(c => c.PatientId == patientId).Select(c => c.Id.ToString()).ToListAsync();
        Assert.Equal(Starts, stored.Count);
        Assert.Equal(opened.Order(), stored.Order());
        await page.Context.CloseAsync();
    }
}
