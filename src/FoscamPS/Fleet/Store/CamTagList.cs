using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace FoscamPS.Fleet.Store
{
    /// <summary>
    /// The tags of a registration: a read-only list of strings whose text form is the tags joined with
    /// <see cref="Separator"/>, so <c>Get-CamRegistration | Export-Csv</c> writes a usable Tags column (an array would be
    /// written as "System.String[]") and <c>Import-Csv | Register-Cam</c> reads it back. Tags cannot contain the separator.
    /// </summary>
    public sealed class CamTagList : ReadOnlyCollection<string>
    {
        /// <summary>Joins tags in text form (CSV columns); tags may not contain it.</summary>
        public const char Separator = ',';

        public CamTagList(IEnumerable<string>? tags)
            : base((tags ?? Array.Empty<string>()).ToList())
        {
        }

        /// <summary>The number of tags (as on an array).</summary>
        public int Length => Count;

        public static CamTagList Empty { get; } = new CamTagList(null);

        public string[] ToArray() => this.ToArray<string>();

        /// <summary>Splits text-form tags ("a,b") and trims them; empty parts are dropped.</summary>
        public static string[] Split(IEnumerable<string?>? values)
            => (values ?? Array.Empty<string?>())
                .SelectMany(v => (v ?? string.Empty).Split(Separator))
                .Select(t => t.Trim())
                .Where(t => t.Length > 0)
                .ToArray();

        public override string ToString() => string.Join(Separator.ToString(), this);

        public static implicit operator CamTagList(string[]? tags) => tags is null ? Empty : new CamTagList(tags);

        public static implicit operator string[](CamTagList? tags) => tags is null ? Array.Empty<string>() : tags.ToArray();
    }
}
