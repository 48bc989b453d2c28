// Precompiled header of the test programs: the core library's, plus GoogleTest.
#pragma once

#include <gtest/gtest.h>

#include "pch.hpp"
