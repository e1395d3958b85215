// A probe that must NOT build inside a feature target: the system's escape from the scope.
import SystemAccess

let everyone = Unscoped.scope
