// Precompiled header of the test programs: the core library's, plus GoogleTest.
#pragma once

#include "pch.hpp"

#include <gtest/gtest.h>
