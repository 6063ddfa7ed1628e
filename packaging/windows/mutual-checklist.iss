; Inno Setup script: a per-user Windows installer for the one-folder build (no admin rights).
;
; Build on Windows after `py tasks.py bundle` has made dist\mutual-checklist\:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\mutual-checklist.iss
; The installer lands in dist\. It installs to %LOCALAPPDATA%\Programs\Mutual Checklist, adds a
; Start-menu entry and opens .mutual files with the app (HKEY_CURRENT_USER only). Uninstalling
; removes the program and those entries; it never touches the projects, backups and log in
; %LOCALAPPDATA%\Mutual Checklist, which are the user's data.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Mutual Checklist"
#define AppExe "mutual-checklist.exe"
#define ProgId "MutualChecklist.Project"

[Setup]
AppId={{E6937486-FA00-43C6-8D27-4F06B43C4FFE}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Mutual Checklist contributors
AppPublisherURL=https://mutualchecklist.org.uk/
VersionInfoVersion={#AppVersion}
LicenseFile=..\..\LICENSE
; per-user: no UAC prompt, installs under %LOCALAPPDATA%\Programs, registry under HKCU
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
DefaultGroupName={#AppName}
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\..\resources\icons\mutual-checklist.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=MutualChecklist-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\mutual-checklist\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Plan and track the move to an employee-owned mutual"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .mutual files open with the app and show its icon (HKA is HKEY_CURRENT_USER here)
Root: HKA; Subkey: "Software\Classes\.mutual"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.mutual\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Mutual Checklist project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".mutual"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the user's projects live outside {app} and are never removed.
