using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Identity;

/// <summary>
/// Reads display names for the people a page shows, in one query however many there are. A staff name is not PHI; a
/// patient's name is, so reading one (other than one's own) is audited, one event per patient. Anyone without a staff
/// role counts as a patient: when in doubt, the read is audited.
/// </summary>
/// <param name="contexts">Database contexts.</param>
/// <param name="audit">The audit chain.</param>
public sealed class PeopleDirectory(IDbContextFactory<MedPortalDb> contexts, AuditLog audit)
{
    /// <summary>The audit action for reading a patient's name.</summary>
    public const string PatientNameViewed = "patient.name-view";

    /// <summary>The names of <paramref name="userIds"/> (unknown ids read as <see cref="PersonNames.FormerUser"/>).</summary>
    /// <param name="reader">Who reads them.</param>
    /// <param name="userIds">The ids on the page; repeats and blanks are fine.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<PersonNames> NamesAsync(AuditActor reader, IEnumerable<string?> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(userIds);
        var ids = userIds.Where(id => !string.IsNullOrEmpty(id) && id is not ("system" or "anonymous")).Select(id => id!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return PersonNames.None;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var staffRoles = db.Roles.Where(r => r.Name == Roles.Nurse || r.Name == Roles.Clinician || r.Name == Roles.Admin).Select(r => r.Id);
        var people = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, IsStaff = db.UserRoles.Any(ur => ur.UserId == u.Id && staffRoles.Contains(ur.RoleId)) })
            .ToListAsync(cancellationToken);
        var patients = people.Where(p => !p.IsStaff && p.Id != reader.UserId).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        if (patients.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var patient in patients)
            {
                await audit.AppendAsync(db, reader, PatientNameViewed, "patient", patient, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return new PersonNames(people.ToDictionary(p => p.Id, p => p.DisplayName, StringComparer.Ordinal));
    }
}
