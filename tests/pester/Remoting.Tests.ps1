#Requires -Modules Pester
# Sites through PowerShell remoting, for real: an OpenSSH server on 127.0.0.1 (its own config, port and throwaway
# ed25519 keys; pwsh as the "powershell" subsystem) stands for one machine per site. Get-CamStatus runs there; the
# deserialized results come back, format with the module's views, and pipe into Set-CamAlias -Camera $_ and
# Save-CamSnapshot here. Two "sites" (127.0.0.1 and 127.0.0.2) run in parallel with -ThrottleLimit.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-ssh-" + [guid]::NewGuid().ToString('N').Substring(0, 12))
    $null = New-Item -ItemType Directory $work
    $env:FOSCAMPS_CONFIG_DIR = Join-Path $work 'local-config'
    $script:emu = Start-TestEmulator -Count 4
    $script:cred = New-TestCredential -UserName admin -Password ''     # the emulator's factory account

    $sshd = @('/usr/sbin/sshd', '/usr/bin/sshd') | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $sshd) { throw 'OpenSSH server not installed (Debian: apt-get install openssh-server; .ci/run installs it).' }
    $dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
    # Throwaway keys: host key and the client key authorized for this user.
    foreach ($k in 'host_key', 'client_key') { & ssh-keygen -q -t ed25519 -N '' -C "foscamps-test-$k" -f (Join-Path $work $k) | Out-Null }
    Copy-Item (Join-Path $work 'client_key.pub') (Join-Path $work 'authorized_keys')
    # The subsystem: pwsh of this repository's dotnet tool manifest (the tool's pwsh needs `dotnet pwsh`).
    $wrapper = Join-Path $work 'pwsh-subsystem.sh'
    Set-Content $wrapper "#!/bin/sh`ncd '$repoRoot' && exec '$dotnet' pwsh `"`$@`"`n" -NoNewline
    & chmod 700 $wrapper
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $script:sshPort = $l.LocalEndpoint.Port; $l.Stop()
    $config = Join-Path $work 'sshd_config'
    @(
        "Port $sshPort"
        'ListenAddress 127.0.0.1'
        'ListenAddress 127.0.0.2'
        "HostKey $(Join-Path $work 'host_key')"
        "AuthorizedKeysFile $(Join-Path $work 'authorized_keys')"
        "PidFile $(Join-Path $work 'sshd.pid')"
        'PubkeyAuthentication yes'
        'PasswordAuthentication no'
        'KbdInteractiveAuthentication no'
        'PermitRootLogin prohibit-password'
        'UsePAM no'
        'StrictModes no'
        "Subsystem powershell $wrapper -sshs -NoLogo -NoProfile"
    ) | Set-Content $config
    if (-not (Test-Path /run/sshd)) { $null = New-Item -ItemType Directory /run/sshd }   # privilege separation dir
    $psi = [System.Diagnostics.ProcessStartInfo]::new($sshd)
    foreach ($a in '-D', '-e', '-f', $config) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardError = $true; $psi.RedirectStandardOutput = $true; $psi.UseShellExecute = $false
    $script:sshdProcess = [System.Diagnostics.Process]::Start($psi)
    $script:sshdLog = $sshdProcess.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    do {
        Start-Sleep -Milliseconds 100
        $c = [System.Net.Sockets.TcpClient]::new()
        try { $c.Connect('127.0.0.1', $sshPort); $up = $true } catch { $up = $false } finally { $c.Dispose() }
    } until ($up -or $sshdProcess.HasExited -or [DateTime]::UtcNow -gt $deadline)
    if (-not $up) { throw "sshd did not start: $($sshdLog.Result)" }

    $script:ssh = @{
        Port        = $sshPort
        UserName    = [Environment]::UserName
        KeyFilePath = Join-Path $work 'client_key'
        Options     = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
    }
    # What each site runs: FoscamPS with a config folder of its own, the site's cameras, its factory account.
    $script:siteScript = {
        param([string] $ModulePath, [string] $ConfigDir, [hashtable] $CamerasBySite)
        $env:FOSCAMPS_CONFIG_DIR = $ConfigDir
        Import-Module $ModulePath
        $site = ($env:SSH_CONNECTION -split ' ')[2]            # the address this "site machine" was reached on
        $credential = [pscredential]::new('admin', [securestring]::new())
        # Each site knows its cameras by names registered there (names this machine has never heard of).
        $names = foreach ($a in $CamerasBySite[$site]) {
            $n = 'site-cam-' + ($a -replace '\D', '')
            Register-Cam -Name $n -Address $a -Credential $credential -Force | Out-Null
            $n
        }
        Get-CamStatus -Camera $names
    }
    $script:sites = @{
        '127.0.0.1' = @($emu.Cameras[0].Address, $emu.Cameras[1].Address)
        '127.0.0.2' = @($emu.Cameras[2].Address, $emu.Cameras[3].Address)
    }
    $script:remote = @(Invoke-Command -HostName 127.0.0.1 @ssh -ScriptBlock $siteScript -ArgumentList $env:FOSCAMPS_TEST_MODULE, (Join-Path $work 'site-config'), $sites -ErrorAction Stop)
}

AfterAll {
    if ($script:sshdProcess -and -not $sshdProcess.HasExited) { $sshdProcess.Kill($true); $null = $sshdProcess.WaitForExit(5000) }
    Stop-TestEmulator $script:emu
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:FOSCAMPS_CONFIG_DIR -ErrorAction SilentlyContinue
}

Describe 'Invoke-Command -HostName (SSH) { Get-CamStatus }' {
    It 'returns the remote site''s cameras as deserialized FoscamPS objects' {
        $remote.Count | Should -Be 2
        foreach ($r in $remote) {
            $r.PSObject.TypeNames[0] | Should -Be 'Deserialized.FoscamPS.Model.CamStatus'
            $r.PSComputerName | Should -Be '127.0.0.1'
        }
        @($remote.CameraId | Sort-Object) | Should -Be @($emu.Cameras[0].Id, $emu.Cameras[1].Id | Sort-Object)
        # The camera travels with its name AND address (FoscamPS.Types.ps1xml), so it can be reached from here.
        foreach ($r in $remote) {
            $r.Camera.Name | Should -BeLike 'site-cam-*'
            "$($r.Camera.Address)" | Should -BeIn $sites['127.0.0.1']
        }
        Get-CamRegistration -ErrorAction SilentlyContinue | Should -BeNullOrEmpty -Because 'the names are registered on the site machine only'
    }

    It 'formats with the module''s table view, camera first' {
        $text = $remote | Format-Table | Out-String -Width 200
        $header = ($text -split "`r?`n" | Where-Object { $_.Trim() } | Select-Object -First 1).Trim()
        $header | Should -Match '^Camera\s+Alias\s+SystemVersion\s+Now\s+AlarmStatus'
        $text | Should -Match 'site-cam-'
        $text | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ' -Because 'the camera clock shows for deserialized objects too'
    }

    It 'pipes back into Set-CamAlias -Camera $_ here' {
        $i = 0
        $remote | ForEach-Object { $i++; Set-CamAlias -Camera $_ -Alias "SiteA-$i" -Credential $cred -Confirm:$false }
        @((Get-CamStatus -Camera $emu.Cameras[0].Address, $emu.Cameras[1].Address -Credential $cred).Alias | Sort-Object) | Should -Be @('SiteA-1', 'SiteA-2')
    }

    It 'pipes into Save-CamSnapshot here' {
        $dir = Join-Path $work 'snaps'
        $snaps = @($remote | Save-CamSnapshot -Path $dir -Credential $cred)
        $snaps.Count | Should -Be 2
        @(Get-ChildItem $dir -Filter '*.jpg').Count | Should -Be 2
    }
}

Describe 'Several sites in parallel' {
    It 'runs each site''s cameras on its own machine with -ThrottleLimit and tells them apart by PSComputerName' {
        # -ThrottleLimit belongs to the -Session parameter set: open one session per site, then fan out.
        $sessions = New-PSSession -HostName '127.0.0.1', '127.0.0.2' @ssh -ErrorAction Stop
        try {
            $all = @(Invoke-Command -Session $sessions -ThrottleLimit 2 -ScriptBlock $siteScript -ArgumentList $env:FOSCAMPS_TEST_MODULE, (Join-Path $work 'site-config'), $sites -ErrorAction Stop)
        }
        finally {
            $sessions | Remove-PSSession
        }
        $all.Count | Should -Be 4
        foreach ($site in $sites.Keys) {
            $mine = @($all | Where-Object PSComputerName -EQ $site)
            @($mine | ForEach-Object { "$($_.Camera.Address)" } | Sort-Object) | Should -Be @($sites[$site] | Sort-Object)
        }
        ($all | Format-Table | Out-String -Width 200) | Should -Match 'Camera\s+Alias'
    }
}
