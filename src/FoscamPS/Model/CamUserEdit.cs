using System;
using System.Collections.Generic;
using System.Linq;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>Why a user edit was refused (the cmdlets turn these into stable ErrorIds).</summary>
    public enum CamUserEditError
    {
        None = 0,
        /// <summary>Add: an account with that name exists.</summary>
        UserExists,
        /// <summary>Set/Remove: no account with that name.</summary>
        UserNotFound,
        /// <summary>Add: all eight slots are used.</summary>
        NoFreeUserSlot,
        /// <summary>Remove or demote the last administrator (without -Force).</summary>
        LastAdministrator,
        /// <summary>Remove or demote the account this session logs in with (without -Force).</summary>
        OwnAccount,
    }

    /// <summary>One of the camera's eight account slots (userN_name / userN_pwd / userN_pri). An empty name is a free slot.</summary>
    public sealed class CamUserSlot
    {
        public CamUserSlot(string name, string password, CamPrivilege privilege)
        {
            Name = name ?? "";
            Password = password ?? "";
            Privilege = privilege;
        }

        public string Name { get; set; }
        public string Password { get; set; }
        public CamPrivilege Privilege { get; set; }
        public bool IsUsed => Name.Length > 0;

        public CamUserSlot Clone() => new CamUserSlot(Name, Password, Privilege);

        public override string ToString() => IsUsed ? $"{Name} ({Privilege})" : "(free)";
    }

    /// <summary>
    /// The rules for changing the eight account slots, applied to a fresh read of all of them (set_users is
    /// whole-group: the cmdlets write all eight back). Pure functions over the slot list: no I/O.
    /// </summary>
    public static class CamUserEdits
    {
        public const int SlotCount = 8;

        /// <summary>Index of the used slot with that name (names are case-sensitive on the camera), or -1.</summary>
        public static int Find(IList<CamUserSlot> slots, string name)
        {
            for (var i = 0; i < slots.Count; i++)
            {
                if (slots[i].IsUsed && string.Equals(slots[i].Name, name, StringComparison.Ordinal)) return i;
            }
            return -1;
        }

        private static int Administrators(IList<CamUserSlot> slots)
            => slots.Count(s => s.IsUsed && s.Privilege == CamPrivilege.Administrator);

        /// <summary>Puts a new account in the first free slot.</summary>
        public static CamUserEditError Add(IList<CamUserSlot> slots, string name, string password, CamPrivilege privilege)
        {
            if (Find(slots, name) >= 0) return CamUserEditError.UserExists;
            for (var i = 0; i < slots.Count; i++)
            {
                if (!slots[i].IsUsed)
                {
                    slots[i] = new CamUserSlot(name, password, privilege);
                    return CamUserEditError.None;
                }
            }
            return CamUserEditError.NoFreeUserSlot;
        }

        /// <summary>
        /// Changes an account's password and/or privilege. Demoting the last administrator, or the account
        /// <paramref name="self"/> logs in with, is refused unless <paramref name="force"/>.
        /// </summary>
        public static CamUserEditError Set(IList<CamUserSlot> slots, string name, string? password, CamPrivilege? privilege, string? self, bool force)
        {
                        var i = Find(slots, name);
            if (i < 0) return CamUserEditError.UserNotFound;
            var slot = slots[i];
            var demotes = privilege is { } p && p < slot.Privilege && slot.Privilege == CamPrivilege.Administrator;
            if (demotes && !force)
            {
                if (Administrators(slots) <= 1) return CamUserEditError.LastAdministrator;
            }
            if (privilege is { } q && q < slot.Privilege && !force && IsSelf(name, self)) return CamUserEditError.OwnAccount;
            slots[i] = new CamUserSlot(slot.Name, password ?? slot.Password, privilege ?? slot.Privilege);
            return CamUserEditError.None;
        }

        /// <summary>Frees an account's slot (name, password and privilege cleared). Refuses the last administrator and the session's own account unless <paramref name="force"/>.</summary>
        public static CamUserEditError Remove(IList<CamUserSlot> slots, string name, string? self, bool force)
        {
                        var i = Find(slots, name);
            if (i < 0) return CamUserEditError.UserNotFound;
            if (!force)
            {
                if (slots[i].Privilege == CamPrivilege.Administrator && Administrators(slots) <= 1) return CamUserEditError.LastAdministrator;
                if (IsSelf(name, self)) return CamUserEditError.OwnAccount;
            }
            slots[i] = new CamUserSlot("", "", CamPrivilege.Visitor);
            return CamUserEditError.None;
        }

        private static bool IsSelf(string name, string? self) => self is not null && string.Equals(name, self, StringComparison.Ordinal);
    }
}
