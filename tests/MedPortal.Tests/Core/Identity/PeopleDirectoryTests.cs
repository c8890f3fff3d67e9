using MedPortal.Core.Audit;
using MedPortal.Core.Identity;
using MedPortal.Tests.Core.Consultations;
using System.Data.Common;
using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MedPortal.Tests.Core.Identity;

public sealed class PeopleDirectoryTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    private async Task<string> NewUserAsync(string name, string role) => (await fixture.NewUserAsync(name, role)).UserId;

    private async Task<List<AuditEvent>> NameViewsAsync(AuditActor reader)
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.ActorId == reader.UserId && e.Action == PeopleDirectory.PatientNameViewed).ToListAsync();
    }

    [Fact]
    public async Task NamesAsync_StaffAndUnknownAndSystem_NamesOrNeutralLabelsNeverIds()
    {
        var nurse = await NewUserAsync("Nina Okafor", Roles.Nurse);
        var clinician = await NewUserAsync("Dr. Sam Reyes", Roles.Clinician);
        var deleted = Guid.NewGuid().ToString();
        var admin = new AuditActor(await NewUserAsync("Ada Admin", Roles.Admin), Roles.Admin, null);

        var names = await fixture.People.NamesAsync(admin, [nurse, clinician, nurse, deleted, "system", "anonymous", null]);

        Assert.Equal("Nina Okafor", names.Of(nurse));
        Assert.Equal("Dr. Sam Reyes", names.Of(clinician));
        Assert.Equal(PersonNames.FormerUser, names.Of(deleted));
        Assert.Null(names.Find(deleted));
        Assert.Equal(PersonNames.System, names.Of("system"));
        Assert.Equal(PersonNames.Anonymous, names.Of("anonymous"));
        Assert.Equal(PersonNames.FormerUser, names.Of(null));
        Assert.Empty(await NameViewsAsync(admin));
    }

    [Fact]
    public async Task NamesAsync_PatientNames_EachPatientReadIsAuditedOnce()
    {
        var first = await NewUserAsync("Pat One", Roles.Patient);
        var second = await NewUserAsync("Pat Two", Roles.Patient);
        var nurse = await NewUserAsync("Nina Okafor", Roles.Nurse);
        var admin = new AuditActor(await NewUserAsync("Ada Admin", Roles.Admin), Roles.Admin, null);

        var names = await fixture.People.NamesAsync(admin, [first, second, first, nurse]);

        Assert.Equal("Pat One", names.Of(first));
        Assert.Equal("Pat Two", names.Of(second));
        var views = await NameViewsAsync(admin);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), views.Select(v => v.ResourceId).Order(StringComparer.Ordinal));
        Assert.All(views, v => Assert.Equal("patient", v.ResourceType));
    }

    [Fact]
    public async Task NamesAsync_PatientReadsOwnName_NotAudited()
    {
        var patient = new AuditActor(await NewUserAsync("Pat Self", Roles.Patient), Roles.Patient, null);

        var names = await fixture.People.NamesAsync(patient, [patient.UserId]);

        Assert.Equal("Pat Self", names.Of(patient.UserId));
        Assert.Empty(await NameViewsAsync(patient));
    }

    [Fact]
    public async Task NamesAsync_UserWithoutStaffRole_TreatedAsPatientAndAudited()
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        var user = new MedPortalUser { UserName = $"{Guid.NewGuid():N}@example.org", DisplayName = "No Role" };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        var admin = new AuditActor(await NewUserAsync("Ada Admin", Roles.Admin), Roles.Admin, null);

        await fixture.People.NamesAsync(admin, [user.Id]);

        Assert.Equal([user.Id], (await NameViewsAsync(admin)).Select(v => v.ResourceId));
    }

    [Fact]
    public async Task NamesAsync_FortyPeople_OneQuery()
    {
        var staff = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            staff.Add(await NewUserAsync($"Nurse {i}", Roles.Nurse));
        }
        var commands = new CommandCounter();
        var counted = new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>()
            .UseNpgsql(fixture.Database.ConnectionString).AddInterceptors(commands).Options);
        var people = new PeopleDirectory(counted, fixture.Audit);

        var names = await people.NamesAsync(new AuditActor("admin-1", Roles.Admin, null), staff);

        Assert.Equal(40, staff.Count(id => names.Find(id) is not null));
        Assert.Equal(1, commands.Count);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int count;

        public int Count => count;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
