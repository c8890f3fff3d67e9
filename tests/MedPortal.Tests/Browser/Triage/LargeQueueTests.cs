using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Triage;

/// <summary>10,000 waiting cases: the queue renders only what is on screen and stays usable.</summary>
public sealed class LargeQueueFixture : BrowserFixture
{
    public const int Cases = 10_000;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.Database.ExecuteAsAdminAsync($$"""
            INSERT INTO consultations (id, patient_id, started_at, status, chief_complaint)
            SELECT gen_random_uuid(), u."Id", now() - make_interval(mins => g), 'AwaitingTriage', 'seeded complaint ' || g
            FROM generate_series(1, {{Cases}}) g, (SELECT "Id" FROM "AspNetUsers" WHERE "NormalizedEmail" = 'PATIENT@DEMO.MEDPORTAL') u;
            INSERT INTO triage_assessments (id, consultation_id, patient_id, created_at, ai_acuity, rule_acuity, is_crisis, fired_rules, extracted, recap, provenance, status, version)
            SELECT gen_random_uuid(), c.id, c.patient_id, c.started_at, 1 + (substr(c.chief_complaint, 18)::int % 5), 1 + (substr(c.chief_complaint, 18)::int % 5),
                   false, '[]', '{}', '', 'seed', 'Waiting', 0
            FROM consultations c WHERE c.chief_complaint LIKE 'seeded complaint %';
            """);
    }
}

public sealed class LargeQueueTests(LargeQueueFixture browser) : IClassFixture<LargeQueueFixture>
{
    [Fact]
    public async Task TenThousandWaiting_OnlyVisibleRowsRenderedScrollReachesTheEndAndFiltersCount()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword, "/triage");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=queue-total]")).ToHaveTextAsync($"{LargeQueueFixture.Cases} open cases");
        await page.Locator("[data-testid=queue-row]").First.WaitForAsync();

        var rendered = await page.Locator("[data-testid=queue-row]").CountAsync();
        Assert.InRange(rendered, 5, 120);
        Assert.Equal("1", await page.Locator("[data-testid=queue-row]").First.GetAttributeAsync("data-acuity"));
        Assert.Equal(LargeQueueFixture.Cases / 5, int.Parse(await page.Locator("[data-testid=count-1]").GetAttributeAsync("data-count") ?? "0", System.Globalization.CultureInfo.InvariantCulture));

        await page.Locator(".mp-queue-body").EvaluateAsync("el => el.scrollTop = el.scrollHeight");
        await Assertions.Expect(page.Locator("[data-testid=queue-row][data-acuity='5']").Last).ToBeVisibleAsync();
        Assert.InRange(await page.Locator("[data-testid=queue-row]").CountAsync(), 5, 120);

        await page.Locator("[data-testid=count-2]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=queue-total]")).ToHaveTextAsync($"{LargeQueueFixture.Cases / 5} open cases");
        await page.Locator(".mp-queue-body").EvaluateAsync("el => el.scrollTop = 0");
        await Assertions.Expect(page.Locator("[data-testid=queue-row]").First).ToHaveAttributeAsync("data-acuity", "2");
        await page.Context.CloseAsync();
    }
}
