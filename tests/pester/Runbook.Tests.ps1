#Requires -Modules Pester
# Runbook simulation: every sample runbook in docs/runbooks runs in a fresh, non-interactive pwsh as Azure
# Automation would run it - stand-in Get-AutomationPSCredential / Get-AutomationVariable, the module imported by
# name, no usable profile or config folder (FoscamPS falls back to memory with one warning), stdin closed so any
# prompt fails - against the emulator fleet with one camera down.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    # out/FoscamPS/<version>/FoscamPS.psd1 -> out/ goes on PSModulePath so 'Import-Module FoscamPS' finds it.
    $script:modulesRoot = Split-Path (Split-Path (Split-Path $env:FOSCAMPS_TEST_MODULE -Parent) -Parent) -Parent
    $script:pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-runbook-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory $work
    $script:emu = Start-TestEmulator -Count 4 -Arguments @('--user', 'admin:fake-Adm1n:2', '--fault', '3:Refuse')

    function script:Invoke-Runbook {
        param([string] $Runbook, [object[]] $Cameras, [hashtable] $Parameters = @{})
        $name = [IO.Path]::GetFileNameWithoutExtension($Runbook)
        $dir = Join-Path $work $name
        $null = New-Item -ItemType Directory -Force $dir
        # A regular file where FoscamPS's config folder would be: nothing under it can be created.
        $blocker = Join-Path $dir 'not-a-folder'
        Set-Content $blocker 'x'
        $resultFile = Join-Path $dir 'result.json'
        $camerasJson = ConvertTo-Json -InputObject @($Cameras) -Compress
        $host_ = @"
`$ErrorActionPreference = 'Stop'
# Stand-ins for the Azure Automation internal cmdlets (the real ones exist only in the sandbox / on a worker).
function Get-AutomationPSCredential { param([Parameter(Mandatory)][string] `$Name)
    if (`$Name -ne 'FoscamAdmin') { throw "Credential asset '`$Name' not found." }
    [pscredential]::new('admin', (ConvertTo-SecureString 'fake-Adm1n' -AsPlainText -Force)) }
function Get-AutomationVariable { param([Parameter(Mandatory)][string] `$Name)
    if (`$Name -ne 'FoscamCameras') { throw "Variable '`$Name' not found." }
    '$($camerasJson.Replace("'", "''"))' }
`$params = @{ BackupPath = '$(Join-Path $dir 'backups')' }
$(($Parameters.GetEnumerator() | ForEach-Object { "`$params['$($_.Key)'] = '$($_.Value)'" }) -join "`n")
`$errs = `$null; `$warns = `$null
`$output = @(& '$Runbook' @params -ErrorVariable errs -WarningVariable warns)
[pscustomobject]@{
    Output   = `$output
    Errors   = @(`$errs | ForEach-Object { [pscustomobject]@{ Id = `$_.FullyQualifiedErrorId; Target = "`$(`$_.TargetObject)" } })
    Warnings = @(`$warns | ForEach-Object { "`$_" })
    Interactive = [Environment]::UserInteractive
} | ConvertTo-Json -Depth 6 | Set-Content -Path '$resultFile' -Encoding utf8
"@
        $hostFile = Join-Path $dir 'host.ps1'
        Set-Content $hostFile $host_ -Encoding utf8
        $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
        foreach ($a in '-NoProfile', '-NonInteractive', '-File', $hostFile) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
        $psi.WorkingDirectory = $dir
        $psi.Environment['PSModulePath'] = $modulesRoot
        $psi.Environment['FOSCAMPS_CONFIG_DIR'] = Join-Path $blocker 'foscamps'
        # pwsh itself needs a home; FoscamPS gets none it can use.
        $psi.Environment['HOME'] = (New-Item -ItemType Directory -Force (Join-Path $dir 'home')).FullName
        foreach ($v in 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME') { $psi.Environment.Remove($v) | Out-Null }
        $p = [System.Diagnostics.Process]::Start($psi)
        $p.StandardInput.Close()      # nobody to answer a prompt
        $stdout = $p.StandardOutput.ReadToEndAsync(); $stderr = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw "$name did not finish in 120 s." }
        [pscustomobject]@{
            ExitCode = $p.ExitCode
            Stdout   = $stdout.Result
            Stderr   = $stderr.Result
            Result   = if (Test-Path $resultFile) { Get-Content -Raw $resultFile | ConvertFrom-Json } else { $null }
            Folder   = $dir
        }
    }
}

AfterAll {
    Stop-TestEmulator $script:emu
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'docs/runbooks/Invoke-CamFleetCheck.ps1' {
    BeforeAll {
        $cams = @(
            @{ Name = 'lobby-1'; Address = $emu.Cameras[0].Address }
            @{ Name = 'lobby 2'; Address = "http://$($emu.Cameras[1].Address)/" }
            @{ Address = $emu.Cameras[2].Address }
            @{ Name = 'yard'; Address = $emu.Cameras[3].Address }       # refuses connections
        )
        $script:run = Invoke-Runbook -Runbook (Join-Path $repoRoot 'docs/runbooks/Invoke-CamFleetCheck.ps1') -Cameras $cams
        $script:summary = @($run.Result.Output)[0]
    }

    It 'finishes without a terminating error or a prompt' {
        $run.ExitCode | Should -Be 0 -Because "$($run.Stdout) $($run.Stderr)"
        $run.Result | Should -Not -BeNullOrEmpty
    }

    It 'outputs one compact summary object' {
        @($run.Result.Output).Count | Should -Be 1
        $summary.Cameras | Should -Be 4
        $summary.Reachable | Should -Be 3
        $summary.BackedUp | Should -Be 3
        ($run.Result.Output | ConvertTo-Json -Depth 6).Length | Should -BeLessThan 65536
    }

    It 'reports the camera that is down once, with its ErrorId, in the summary and on the Error stream' {
        @($summary.Failed).Count | Should -Be 1
        $summary.Failed[0].Camera | Should -Be 'yard'
        $summary.Failed[0].ErrorId | Should -Be 'CameraUnreachable'
        @($run.Result.Errors | Where-Object Id -Like 'CameraUnreachable*').Count | Should -BeGreaterOrEqual 1
        @($run.Result.Errors | Where-Object Id -NotLike 'CameraUnreachable*') | Should -BeNullOrEmpty
    }

    It 'writes one owner-only backup per reachable camera, with its hash in the summary' {
        $files = @(Get-ChildItem (Join-Path $run.Folder 'backups') -Filter '*.params.bin')
        $files.Count | Should -Be 3
        @($summary.BackupFiles).Count | Should -Be 3
        foreach ($b in $summary.BackupFiles) {
            (Get-FileHash (Join-Path $run.Folder "backups/$($b.File)") -Algorithm SHA256).Hash | Should -Be $b.Sha256
        }
        if (-not $IsWindows) { foreach ($f in $files) { $f.UnixFileMode | Should -Be ([IO.UnixFileMode] 'UserRead, UserWrite') } }
    }

    It 'keeps the registry in memory with exactly one warning when no config folder is usable' {
        @($run.Result.Warnings | Where-Object { $_ -match 'memory' }).Count | Should -Be 1
        Test-Path (Join-Path $run.Folder 'not-a-folder/foscamps') | Should -BeFalse
    }

    It 'lists firmware versions and names cameras by their Name (or address)' {
        @($summary.Firmware).Count | Should -BeGreaterOrEqual 1
        ($summary.Firmware | Measure-Object Cameras -Sum).Sum | Should -Be 3
        $summary.BackupFiles.Camera | Should -Contain 'lobby-1'
        $summary.BackupFiles.Camera | Should -Contain 'lobby 2'
        $summary.BackupFiles.Camera | Should -Contain $emu.Cameras[2].Address
    }

    It 'stops with a clear error when the credential asset is missing' {
        $bad = Invoke-Runbook -Runbook (Join-Path $repoRoot 'docs/runbooks/Invoke-CamFleetCheck.ps1') -Cameras @(@{ Address = $emu.Cameras[0].Address }) -Parameters @{ CredentialName = 'Nope' }
        $bad.ExitCode | Should -Not -Be 0
        "$($bad.Stdout) $($bad.Stderr)" | Should -Match "Credential asset 'Nope' not found"
    }
}
