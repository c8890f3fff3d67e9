namespace MedPortal.Core.Privacy;

/// <summary>The kinds of identifier the <see cref="PhiScrubber"/> masks (HIPAA Safe Harbor's list, grouped).</summary>
public enum PhiType
{
    /// <summary>A person's name.</summary>
    Name,
    /// <summary>A street address, with the city, region, postcode and country that follow it.</summary>
    Address,
    /// <summary>A place smaller than a state (a city or town) named on its own.</summary>
    Location,
    /// <summary>A postcode or ZIP code.</summary>
    Zip,
    /// <summary>A date or an element of one (day and month, weekday, date-time); a bare year is kept.</summary>
    Date,
    /// <summary>An age over 89.</summary>
    Age,
    /// <summary>A telephone or fax number.</summary>
    Phone,
    /// <summary>An e-mail address.</summary>
    Email,
    /// <summary>A US social security number.</summary>
    Ssn,
    /// <summary>A medical record number (MRN, hospital or NHS number, patient id).</summary>
    Mrn,
    /// <summary>A health plan, insurance, member or account number.</summary>
    Account,
    /// <summary>A payment card number (Luhn-valid).</summary>
    CreditCard,
    /// <summary>An IBAN (mod-97 valid).</summary>
    Iban,
    /// <summary>A licence or certificate number (driver's licence, passport, DEA, NPI).</summary>
    Licence,
    /// <summary>A web address or a domain name.</summary>
    Url,
    /// <summary>An IPv4 or IPv6 address.</summary>
    IpAddress,
    /// <summary>A device or vehicle identifier (serial number, IMEI, MAC address, VIN, plate).</summary>
    Device,
    /// <summary>Any other unique identifying number (a long digit run no other rule explains).</summary>
    Id,
}

/// <summary>The placeholder each <see cref="PhiType"/> is replaced with.</summary>
public static class PhiPlaceholders
{
    /// <summary>The typed placeholder, e.g. <c>[NAME]</c>.</summary>
    public static string For(PhiType type) => type switch
    {
        PhiType.Name => "[NAME]",
        PhiType.Address => "[ADDRESS]",
        PhiType.Location => "[LOCATION]",
        PhiType.Zip => "[ZIP]",
        PhiType.Date => "[DATE]",
        PhiType.Age => "[AGE]",
        PhiType.Phone => "[PHONE]",
        PhiType.Email => "[EMAIL]",
        PhiType.Ssn => "[SSN]",
        PhiType.Mrn => "[MRN]",
        PhiType.Account => "[ACCOUNT]",
        PhiType.CreditCard => "[CARD]",
        PhiType.Iban => "[IBAN]",
        PhiType.Licence => "[LICENCE]",
        PhiType.Url => "[URL]",
        PhiType.IpAddress => "[IP]",
        PhiType.Device => "[DEVICE]",
        PhiType.Id => "[ID]",
    };
}
