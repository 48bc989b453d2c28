// How each store/tx/*.hpp lists its methods once for the interface and both backends.
#pragma once

#include "domain/lead.hpp"  // domain::Millis

// Every aggregate header defines PLUMBLINE_<AGGREGATE>_TX(M) with one M(return type, name,
// (parameters)) per method. The aggregate's interface class expands it with PLUMBLINE_TX_PURE; each
// backend's Tx class expands every list with PLUMBLINE_TX_OVERRIDE, so no signature is written
// twice. A return type with a comma in it would need a using-alias first.
#define PLUMBLINE_TX_PURE(ret, name, params) virtual ret name params = 0;
#define PLUMBLINE_TX_OVERRIDE(ret, name, params) ret name params override;
