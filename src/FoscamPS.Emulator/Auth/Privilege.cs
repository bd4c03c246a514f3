namespace FoscamPS.Emulator.Auth;

/// <summary>check_user.cgi scale (1 visitor, 2 operator, 3 administrator); userN_pri + 1.</summary>
internal enum Privilege
{
    None = 0,
    Visitor = 1,
    Operator = 2,
    Administrator = 3,
}

/// <summary>The account a request was authenticated as.</summary>
internal sealed record AuthUser(string Name, string Password, Privilege Privilege);
