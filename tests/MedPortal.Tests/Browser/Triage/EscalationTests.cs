using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Triage;

/// <summary>The app scanning for overdue cases every second, with email on to a real local SMTP server.</summary>
public sealed class EscalationFixture : SmtpBrowserFixture
{
    public const string ChargeNurse = "charge.nurse@clinic.example";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Escalation:ScanSeconds"] = "1",
        ["Escalation:ChargeNurseEmail"] = ChargeNurse,
    };
}

public sealed class EscalationTests(EscalationFixture browser) : IClassFixture<EscalationFixture>
{
    [Fact]
    public async Task CrisisCaseUnclaimedPastTarget_AlertOnEveryOpenNursePage_AcknowledgedOnceForAll_ChargeNurseEmailed()
    {
        var queue = await browser.NewPageAsync();
        await new LoginPage(queue).SignInAsync(AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword, "/triage");
        var dashboard = await browser.NewPageAsync();
        await new LoginPage(dashboard).SignInAsync(AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword, "/triage/dashboard");
        await Assertions.Expect(queue.Locator("[data-testid=queue-live]")).ToBeVisibleAsync();
        await Assertions.Expect(queue.Locator("[data-testid=review-alerts]")).ToHaveCountAsync(0);

        var assessment = await new DemoCases(browser.App).SubmitAsync("I want to kill myself tonight");
        await using (var db = browser.App.CreateDb())
        {
            await db.Assessments.Where(a => a.Id == assessment.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-7)));
        }

        foreach (var page in new[] { queue, dashboard })
        {
            var alert = page.Locator($"[data-testid=review-alert][data-assessment='{assessment.Id}']");
            await Assertions.Expect(alert).ToContainTextAsync("not claimed, waiting 7 min");
            await Assertions.Expect(alert).ToContainTextAsync("crisis");
            await Assertions.Expect(page.Locator("[data-testid=review-alerts]")).ToHaveAttributeAsync("role", "alert");
        }

        var mail = Assert.Single(await browser.Smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20)));
        Assert.Equal(EscalationFixture.ChargeNurse, mail.To.Mailboxes.Single().Address);
        Assert.Contains("https://portal.clinic.example/triage", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("kill", mail.TextBody, StringComparison.OrdinalIgnoreCase);

        // Keyboard: the acknowledge button is reachable and works with Enter.
        await queue.Locator("[data-testid=review-alert-acknowledge]").FocusAsync();
        await queue.Keyboard.PressAsync("Enter");

        await Assertions.Expect(queue.Locator("[data-testid=review-alerts]")).ToHaveCountAsync(0);
        await Assertions.Expect(dashboard.Locator("[data-testid=review-alerts]")).ToHaveCountAsync(0);
        await using (var db = browser.App.CreateDb())
        {
            var row = await db.ReviewAlerts.SingleAsync(r => r.AssessmentId == assessment.Id);
            Assert.NotNull(row.AcknowledgedAt);
            var nurseId = await db.Users.Where(u => u.NormalizedEmail == AccountClient.DemoEmail(Roles.Nurse).ToUpperInvariant()).Select(u => u.Id).SingleAsync();
            Assert.Equal(nurseId, row.AcknowledgedBy);
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "review_alert.acknowledge" && e.ResourceId == assessment.Id.ToString() && e.ActorId == nurseId));
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "review_alert.raise" && e.ResourceId == assessment.Id.ToString() && e.ActorId == "system"));
        }
        await queue.Context.CloseAsync();
        await dashboard.Context.CloseAsync();
    }
}
