// Demo data for a first run: realistic homeowner requests created through the services.
#pragma once
#include "app/app.hpp"

namespace plumbline::cli {

// Creates `count` demo leads when the database has none; returns how many were created.
int seed_demo_if_empty(app::App& a, int count);

}  // namespace plumbline::cli
